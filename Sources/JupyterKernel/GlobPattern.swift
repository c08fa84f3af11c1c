/// A glob as history search uses it (SQLite `GLOB` semantics, as IPython's store):
/// `*` matches any run of characters, `?` exactly one, everything else itself,
/// case-sensitively, over the whole text.
struct GlobPattern: Sendable, Equatable {
    private enum Token: Equatable, Sendable {
        case literal(Character)
        case any
        case anyRun
    }

    private let tokens: [Token]

    init(_ pattern: String) {
        var tokens: [Token] = []
        for character in pattern {
            switch character {
            case "*":
                // Consecutive stars mean the same as one; collapsing them keeps matching linear.
                if tokens.last != .anyRun { tokens.append(.anyRun) }
            case "?": tokens.append(.any)
            default: tokens.append(.literal(character))
            }
        }
        self.tokens = tokens
    }

    /// Whether the whole of `text` matches. Greedy with one backtrack point per star,
    /// so the cost stays O(pattern x text) even for patterns like `*a*a*a*`.
    func matches(_ text: String) -> Bool {
        let characters = Array(text)
        var t = 0, p = 0
        var starToken: Int? = nil, starText = 0
        while t < characters.count {
            if p < tokens.count, tokens[p] == .anyRun {
                starToken = p
                starText = t
                p += 1
            } else if p < tokens.count, tokens[p] == .any || tokens[p] == .literal(characters[t]) {
                t += 1
                p += 1
            } else if let star = starToken {
                // Let the last star swallow one more character and retry from there.
                starText += 1
                t = starText
                p = star + 1
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p] == .anyRun { p += 1 }
        return p == tokens.count
    }
}
