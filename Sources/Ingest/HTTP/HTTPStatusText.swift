import NIOHTTP1

/// Status codes as a result row shows them: `404 Not Found`.
enum HTTPStatusText {
    static func describe(_ status: Int) -> String {
        let phrase = HTTPResponseStatus(statusCode: status).reasonPhrase
        return phrase.isEmpty ? "\(status)" : "\(status) \(phrase)"
    }
}
