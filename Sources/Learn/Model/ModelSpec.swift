import Foundation

/// A model as data: its layers and the sample shape its weights were built for, stored
/// as JSON with every run (Docs/StoreFormat.md, "Model specs") beside the weights blob
/// (`Sequential.encodedWeights()`). With the two, `Sequential(spec, weights:)` rebuilds
/// the trained model without running any Strata code: what `restore`, an exporter
/// and a server need.
public struct ModelSpec: Codable, Sendable, Hashable {
    /// The format's name, so a stray JSON file is not taken for a model.
    public static let format = "strata-model"
    /// The version this build writes and reads.
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    public var layers: [LayerSpec]
    /// One sample's shape (no batch axis), once the model has been built.
    public var sampleShape: [Int]?

    public init(layers: [LayerSpec], sampleShape: [Int]?) {
        format = ModelSpec.format
        version = ModelSpec.currentVersion
        self.layers = layers
        self.sampleShape = sampleShape
    }

    enum CodingKeys: String, CodingKey {
        case format, version, layers
        case sampleShape = "sample_shape"
    }

    /// The spec of `model` (built or not).
    public init(_ model: Sequential) {
        self.init(layers: model.specs, sampleShape: model.sampleShape)
    }

    /// The spec as JSON: keys sorted, so the same model always gives the same bytes.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain structs and enums of numbers and strings cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    /// Reads a spec written by `json()`.
    /// - Throws: `ModelError.invalidSpec` naming what is wrong.
    public init(json text: String) throws(ModelError) {
        let decoded: ModelSpec
        do {
            decoded = try JSONDecoder().decode(ModelSpec.self, from: Data(text.utf8))
        } catch let DecodingError.dataCorrupted(context) {
            throw .invalidSpec(ModelSpec.describe(context))
        } catch let DecodingError.keyNotFound(key, context) {
            throw .invalidSpec("missing \"\(key.stringValue)\" at \(ModelSpec.path(context.codingPath))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw .invalidSpec(ModelSpec.describe(context))
        } catch {
            throw .invalidSpec("\(error)")
        }
        guard decoded.format == ModelSpec.format else {
            throw .invalidSpec("not a model spec (format \"\(decoded.format)\")")
        }
        guard decoded.version <= ModelSpec.currentVersion else {
            throw .invalidSpec(
                "version \(decoded.version) was written by a newer Strata (this one reads \(ModelSpec.currentVersion))")
        }
        self = decoded
    }

    private static func path(_ codingPath: [CodingKey]) -> String {
        codingPath.isEmpty
            ? "the top" : codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    private static func describe(_ context: DecodingError.Context) -> String {
        "\(context.debugDescription) at \(path(context.codingPath))"
    }
}

extension Sequential {
    /// The model `spec` describes, with the weights of `encodedWeights()` (which also
    /// carry the sample shape).
    /// - Throws: `ModelError` when a layer's settings are invalid or the weights do not fit.
    public init(_ spec: ModelSpec, weights bytes: [UInt8]) throws(ModelError) {
        try self.init(spec.layers, weights: bytes)
        if let expected = spec.sampleShape, expected != sampleShape {
            throw .invalidWeights(
                "the weights were built for samples of shape \(sampleShape ?? []), the spec says \(expected)")
        }
    }
}
