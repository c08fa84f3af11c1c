import Foundation

// The `Data` entry points of the Foundation-free JSON and connection-file code in
// JupyterConnection: wire frames arrive as `Data`.

extension JSONParser {
    /// Parses exactly one JSON value (surrounding whitespace allowed).
    public static func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = data.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in try parse(raw.bindMemory(to: UInt8.self)) }
        }
        return try result.get()
    }
}

extension JSONValue {
    /// The value as compact JSON bytes (see `JSONWriter`).
    public var jsonData: Data {
        Data(jsonBytes)
    }
}

extension ConnectionInfo {
    /// Decodes and validates connection-file JSON; see `init(json: [UInt8])`.
    public init(json: Data) throws(ConnectionFileError) {
        try self.init(json: [UInt8](json))
    }
}
