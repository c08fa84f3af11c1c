#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A shell pattern for names and URLs (`match: "*.png"`, `follow: "*/gallery/*"`):
/// `*` any run of characters (`/` included), `?` one character, `[abc]`, `[a-z]` and
/// `[!abc]` one of a set, `\` quoting the next character, and `{png,jpg}`
/// alternatives, expanded before matching as a shell does. Matching is fnmatch(3)'s
/// (without FNM_PATHNAME), which the C library keeps correct; the kernel's history
/// search has a glob of its own with SQLite's rules, in a target this one cannot see.
public struct GlobPattern: Sendable, Equatable, CustomStringConvertible {
    /// The pattern as written.
    public let text: String
    public let caseSensitive: Bool
    /// The pattern with its `{...}` alternatives expanded.
    let alternatives: [String]

    public init(_ text: String, caseSensitive: Bool = true) {
        self.text = text
        self.caseSensitive = caseSensitive
        alternatives = GlobPattern.expandingBraces(text)
    }

    public var description: String { text }

    /// Whether the whole of `candidate` matches.
    public func matches(_ candidate: String) -> Bool {
        let flags: Int32 = caseSensitive ? 0 : GlobPattern.caseFold
        return alternatives.contains { fnmatch($0, candidate, flags) == 0 }
    }

    /// Whether the pattern has a wildcard at all (a path without one names one file).
    public static func hasWildcard(_ text: String) -> Bool {
        text.contains { "*?[{".contains($0) }
    }

    /// GNU's FNM_CASEFOLD (1 << 4), which Swift does not import as a constant.
    static let caseFold: Int32 = 1 << 4

    /// `a{b,c{d,e}}f` as `abf`, `acdf`, `acef`. A brace without its partner, or a pair
    /// without a comma (`{x}`), stays as it is.
    static func expandingBraces(_ text: String) -> [String] {
        let characters = Array(text)
        guard let open = firstAlternatives(characters), let (close, commas) = partner(of: open, in: characters) else {
            return [text]
        }
        let prefix = String(characters[..<open])
        let suffix = String(characters[(close + 1)...])
        let bounds = [open] + commas + [close]
        var results: [String] = []
        for index in 0..<(bounds.count - 1) {
            let choice = String(characters[(bounds[index] + 1)..<bounds[index + 1]])
            results += expandingBraces(prefix + choice + suffix)
        }
        return results
    }

    /// The first `{` that opens a closed group with a comma at its level.
    private static func firstAlternatives(_ characters: [Character]) -> Int? {
        var index = 0
        while index < characters.count {
            if characters[index] == "\\" { index += 2; continue }
            if characters[index] == "{", let (_, commas) = partner(of: index, in: characters), !commas.isEmpty {
                return index
            }
            index += 1
        }
        return nil
    }

    /// The `}` closing the `{` at `open`, and the commas at its own level.
    private static func partner(of open: Int, in characters: [Character]) -> (Int, [Int])? {
        var depth = 0
        var commas: [Int] = []
        var index = open
        while index < characters.count {
            switch characters[index] {
            case "\\": index += 1
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { return (index, commas) }
            case "," where depth == 1: commas.append(index)
            default: break
            }
            index += 1
        }
        return nil
    }
}
