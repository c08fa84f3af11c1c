/// The JSON form a sweep's space is stored in: an object with a `kind` and its fields,
/// every field written even when null, so a reader sees the whole shape:
/// `{"kind":"uniform","lo":0,"hi":1,"step":null}`, `{"kind":"loguniform","lo":0.0001,"hi":0.1}`,
/// `{"kind":"integer","lo":16,"hi":256,"log":true,"step":1}`, `{"kind":"choice","values":[1,"a",null]}`.
extension SweepDistribution: Codable {
    /// The `kind` field's values.
    public enum Kind: String, Sendable, Codable {
        case uniform
        case logUniform = "loguniform"
        case integer
        case choice
    }

    private enum CodingKeys: String, CodingKey {
        case kind, lo, hi, step, log, values
    }

    /// The kind as the JSON and the language name it.
    public var kind: Kind {
        switch self {
        case .uniform: .uniform
        case .logUniform: .logUniform
        case .integer: .integer
        case .choice: .choice
        }
    }

    /// Reads the stored form; an unknown kind or a missing field is a decoding error. The
    /// value is not validated here: `SearchSpace`'s decoder does that for the whole space.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .uniform:
            self = .uniform(
                lo: try container.decode(Double.self, forKey: .lo),
                hi: try container.decode(Double.self, forKey: .hi),
                step: try container.decodeIfPresent(Double.self, forKey: .step))
        case .logUniform:
            self = .logUniform(
                lo: try container.decode(Double.self, forKey: .lo),
                hi: try container.decode(Double.self, forKey: .hi))
        case .integer:
            self = .integer(
                lo: try container.decode(Int.self, forKey: .lo),
                hi: try container.decode(Int.self, forKey: .hi),
                log: try container.decodeIfPresent(Bool.self, forKey: .log) ?? false,
                step: try container.decodeIfPresent(Int.self, forKey: .step) ?? 1)
        case .choice:
            self = .choice(try container.decode([SweepValue].self, forKey: .values))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .uniform(let lo, let hi, let step):
            try container.encode(lo, forKey: .lo)
            try container.encode(hi, forKey: .hi)
            if let step { try container.encode(step, forKey: .step) } else { try container.encodeNil(forKey: .step) }
        case .logUniform(let lo, let hi):
            try container.encode(lo, forKey: .lo)
            try container.encode(hi, forKey: .hi)
        case .integer(let lo, let hi, let log, let step):
            try container.encode(lo, forKey: .lo)
            try container.encode(hi, forKey: .hi)
            try container.encode(log, forKey: .log)
            try container.encode(step, forKey: .step)
        case .choice(let values):
            try container.encode(values, forKey: .values)
        }
    }
}
