import Foundation

/// An absolute `http` or `https` URL in the one form the crawler compares and stores:
/// scheme and host in lower case, no default port, no fragment, dot segments
/// removed, an empty path written `/`, and every byte a URL may not hold
/// percent-encoded. Two links to the same resource are then equal strings.
public struct WebAddress: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    /// Nil for the scheme's default port.
    public let port: Int?
    /// Percent-encoded, starting with `/`.
    public let path: String
    /// Percent-encoded, without the `?`; nil when the URL has none.
    public let query: String?

    /// Reads an absolute http(s) URL; nil for anything else (a relative reference, a
    /// `mailto:` link, a malformed URL).
    public init?(_ text: String) {
        self.init(reference: text, base: nil)
    }

    /// The URL `reference` (as written in an `href`) names when read on the page at
    /// `base`; nil when it names no http(s) resource.
    public func resolving(_ reference: String) -> WebAddress? {
        WebAddress(reference: reference, base: self)
    }

    private init?(reference: String, base: WebAddress?) {
        let cleaned = WebAddress.encodedForParsing(reference)
        guard !cleaned.isEmpty || base != nil else { return nil }
        let baseURL = base.flatMap { URL(string: $0.description) }
        guard let url = URL(string: cleaned, relativeTo: baseURL)?.absoluteURL.standardized,
            let components = URLComponents(url: url, resolvingAgainstBaseURL: true),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        self.scheme = scheme
        self.host = host
        let defaultPort = scheme == "http" ? 80 : 443
        port = components.port.flatMap { $0 == defaultPort ? nil : $0 }
        let path = components.percentEncodedPath
        self.path = path.isEmpty ? "/" : (path.hasPrefix("/") ? path : "/" + path)
        query = components.percentEncodedQuery
    }

    /// `scheme://host[:port]`: what robots.txt, politeness delays and "the same site"
    /// are about.
    public var origin: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost)" + (port.map { ":\($0)" } ?? "")
    }

    /// The path and query, as robots.txt rules are matched against them.
    public var pathAndQuery: String { path + (query.map { "?" + $0 } ?? "") }

    public var description: String { origin + pathAndQuery }

    /// The robots.txt of this URL's site.
    public var robotsAddress: WebAddress {
        WebAddress(scheme: scheme, host: host, port: port, path: "/robots.txt", query: nil)
    }

    /// The path's segments, percent-decoded (`/a%20b/c.png` gives `a b`, `c.png`); a
    /// path ending in `/` ends with an empty segment.
    public var decodedSegments: [String] {
        path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { segment in
            String(segment).removingPercentEncoding ?? String(segment)
        }
    }

    /// The last segment, decoded: the file name `match` is compared with (`""` for a
    /// path ending in `/`).
    public var fileName: String { decodedSegments.last ?? "" }

    private init(scheme: String, host: String, port: Int?, path: String, query: String?) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.query = query
    }

    /// `text` as a URL parser takes it: trimmed, the fragment and tabs and line breaks
    /// removed (HTML does so with attribute URLs), and spaces and non-ASCII bytes
    /// percent-encoded (pages often hold `<img src="my photo.png">`).
    private static func encodedForParsing(_ text: String) -> String {
        var trimmed = text.trimmed(of: " \t\n\r\u{0C}")
        trimmed.removeAll { $0 == "\t" || $0 == "\n" || $0 == "\r" }
        if let hash = trimmed.firstIndex(of: "#") { trimmed = String(trimmed[..<hash]) }
        var out = ""
        out.reserveCapacity(trimmed.utf8.count)
        for byte in trimmed.utf8 {
            if byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "<")
                || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "^")
                || byte == UInt8(ascii: "`") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "|")
                || byte == UInt8(ascii: "}")
            {
                out += String(format: "%%%02X", byte)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }
}
