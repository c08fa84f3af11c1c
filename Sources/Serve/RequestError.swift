import HTTPTypes
import JSON

/// A request the server refuses, with the status it answers and a JSON body naming the
/// problem and, where there is one, the field: `{"error": "...", "field": "inputs[1].data"}`.
public struct RequestError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var message: String
    /// The request's field at fault (`dataframe_split.columns`, `petal_width`), if any.
    public var field: String?

    public init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil) {
        self.status = status
        self.message = message
        self.field = field
    }

    /// A 400 naming `field`.
    static func bad(_ message: String, field: String? = nil) -> RequestError {
        RequestError(.badRequest, message, field: field)
    }

    /// The body the client reads.
    var json: [UInt8] {
        var fields: [String: JSONValue] = ["error": .string(message)]
        if let field { fields["field"] = .string(field) }
        var writer = JSONWriter()
        writer.write(object: fields)
        return writer.bytes
    }
}
