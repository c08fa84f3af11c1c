/// One value shown several ways: each MIME type maps to its text (base64 for binary
/// images). Every bundle has a `text/plain` form that reads well in a terminal.
public struct MimeBundle: Sendable, Equatable {
    public var data: [String: String]
    public var metadata: [String: [String: Double]]

    public init(plain: String, extra: [String: String] = [:], metadata: [String: [String: Double]] = [:]) {
        var data = extra
        data["text/plain"] = plain
        self.data = data
        self.metadata = metadata
    }

    public var plainText: String { data["text/plain"] ?? "" }
}
