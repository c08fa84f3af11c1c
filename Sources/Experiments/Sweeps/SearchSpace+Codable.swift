/// The stored form of a space: `{"parameters":[{"name":"lr","distribution":{...}}],
/// "fixed":[{"name":"epochs","value":20}]}`, each list in the space's order. Decoding
/// checks the space as `init` does, so a stored space is as valid as a new one.
extension SearchSpace: Codable {
    private enum CodingKeys: String, CodingKey {
        case parameters, fixed
    }

    private struct Parameter: Codable {
        let name: String
        let distribution: SweepDistribution
    }

    private struct Fixed: Codable {
        let name: String
        let value: SweepValue
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let parameters = try container.decode([Parameter].self, forKey: .parameters)
        let fixed = try container.decodeIfPresent([Fixed].self, forKey: .fixed) ?? []
        do {
            try self.init(parameters.map { ($0.name, $0.distribution) }, fixed: fixed.map { ($0.name, $0.value) })
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .parameters, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(
            distributions.map { Parameter(name: $0.name, distribution: $0.distribution) },
            forKey: .parameters)
        try container.encode(fixed.map { Fixed(name: $0.name, value: $0.value) }, forKey: .fixed)
    }
}
