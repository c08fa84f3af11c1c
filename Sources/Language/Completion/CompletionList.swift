/// Completion candidates for the text between `start` and `end` (Unicode-scalar
/// offsets; `end` is the cursor). `kinds` and `signatures` run parallel to `matches`.
public struct CompletionList: Sendable, Equatable {
    public var matches: [String]
    public var start: Int
    public var end: Int
    /// Per match: `"function"`, `"variable"`, `"keyword"`, `"label"`, `"path"` or `"field"`.
    public var kinds: [String]
    /// Per match: a builtin's signature, a closure's parameters, a value's type, or "".
    public var signatures: [String]

    public init(matches: [String] = [], start: Int, end: Int, kinds: [String] = [], signatures: [String] = []) {
        self.matches = matches
        self.start = start
        self.end = end
        self.kinds = kinds
        self.signatures = signatures
    }

    /// Adds a match unless it is already there.
    mutating func add(_ match: String, kind: String, signature: String = "") {
        guard !matches.contains(match) else { return }
        matches.append(match)
        kinds.append(kind)
        signatures.append(signature)
    }
}
