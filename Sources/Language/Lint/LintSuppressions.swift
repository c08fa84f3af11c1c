/// The `# strata: ...` comments of one file or cell that silence findings:
///
/// - `# strata: ignore` at the end of a line silences every finding reported on that
///   line; `# strata: ignore[S201, S302]` only those rules. On a line of its own, the
///   comment applies to the next line instead.
/// - `# strata: ignore-file` (or `ignore-file[S201]`) anywhere silences the whole
///   file; in a notebook, the whole notebook.
///
/// The directive may follow other words in the comment (`# on purpose; strata: ignore`).
/// A syntax error (S001) cannot be silenced.
struct LintSuppressions {
    enum Silenced: Equatable {
        case all
        case rules(Set<LintRule>)

        func covers(_ rule: LintRule) -> Bool {
            switch self {
            case .all: return true
            case .rules(let rules): return rules.contains(rule)
            }
        }

        func merged(with other: Silenced) -> Silenced {
            switch (self, other) {
            case (.rules(let a), .rules(let b)): return .rules(a.union(b))
            default: return .all
            }
        }
    }

    private var lines: [Int: Silenced] = [:]
    /// What `ignore-file` comments silence for the whole file (or notebook).
    private(set) var file: Silenced?

    init(source: String) {
        guard source.contains("strata:") else { return }
        let tokens = Lexer.tokenize(source, keepComments: true).tokens
        for (index, token) in tokens.enumerated() where token.kind == .comment {
            guard let (isFile, silenced) = Self.directive(in: token.text) else { continue }
            if isFile {
                file = file.map { $0.merged(with: silenced) } ?? silenced
                continue
            }
            let line = token.span.start.line
            let ownLine = index == 0 || tokens[index - 1].kind == .newline
            add(silenced, line: ownLine ? line + 1 : line)
        }
    }

    private mutating func add(_ silenced: Silenced, line: Int) {
        lines[line] = lines[line].map { $0.merged(with: silenced) } ?? silenced
    }

    /// Whether a finding of `rule` reported on `line` is silenced here (not counting
    /// `file`, which the caller applies to the whole file or notebook).
    func silences(_ rule: LintRule, line: Int) -> Bool {
        guard rule.canBeSilenced else { return false }
        return lines[line]?.covers(rule) ?? false
    }

    /// `strata: ignore[S101]` in a comment's text: (whole file?, what).
    static func directive(in comment: String) -> (isFile: Bool, silenced: Silenced)? {
        guard let marker = comment.range(of: "strata:") else { return nil }
        var rest = comment[marker.upperBound...].drop { $0 == " " || $0 == "\t" }
        let isFile: Bool
        if rest.hasPrefix("ignore-file") {
            isFile = true
            rest = rest.dropFirst("ignore-file".count)
        } else if rest.hasPrefix("ignore") {
            isFile = false
            rest = rest.dropFirst("ignore".count)
        } else {
            return nil
        }
        guard rest.hasPrefix("["), let close = rest.firstIndex(of: "]") else {
            // `ignore` alone, or followed by words: everything.
            if let next = rest.first, next.isLetter || next.isNumber || next == "-" { return nil }
            return (isFile, .all)
        }
        let codes = rest[rest.index(after: rest.startIndex)..<close]
            .split { $0 == "," || $0 == " " || $0 == "\t" }
            .compactMap { LintRule(code: String($0)) }
        return (isFile, .rules(Set(codes)))
    }
}
