import Language
import Tensor

/// Generates inputs for fuzzing the front end, deterministically from a seed: random
/// token soup, random programs from the grammar (which must parse cleanly), and
/// mutations (insertions, deletions, swaps, duplications, truncations) of valid programs.
/// `ProgramFuzzer.exercise(_:)` runs one input through every front-end component.
public struct ProgramFuzzer {
    public enum Strategy: String, CaseIterable, Sendable {
        case tokenSoup = "token soup"
        case grammar = "grammar"
        case mutation = "mutation"
    }

    private var rng: SeededRandom

    public init(seed: UInt64) {
        rng = SeededRandom(seed: seed)
    }

    /// The next input and how it was made; grammar inputs must parse without errors.
    public mutating func next() -> (strategy: Strategy, input: String) {
        switch rng.int(below: 10) {
        case 0..<3: return (.tokenSoup, tokenSoup())
        case 3..<6: return (.grammar, grammarProgram())
        default: return (.mutation, mutation())
        }
    }

    // MARK: - Token soup

    private static let vocabulary: [String] = [
        "+", "-", "*", "**", "/", "%", "=", "==", "!", "!=", "<", "<=", ">", ">=", "&&", "||",
        "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "\n", "\n", " ", "  ", "\t",
        "if", "else", "for", "in", "true", "false", "nil",
        "x", "y", "fit", "model", "_a1", "p", "3", "0.5", "1e-3", "2E+5", "1e", "007",
        "\"s\"", "\"a\\n\\\"b\\\"\"", "\"", "\"\\q\"", "\"\\", "# note", "@", "&", "|", "é", "🌍", "\r\n", "\u{0}",
        "[:]", "{ x in", "f(", "label:",
    ]

    /// A random sequence of token texts, sometimes with a long run of one opener.
    public mutating func tokenSoup() -> String {
        var out = ""
        let count = 1 + rng.int(below: 40)
        for _ in 0..<count {
            if rng.chance(1, in: 200) {
                out += String(
                    repeating: rng.pick(["(", "[", "{", "-", "!", "2 ** ", "if c { ", "f("]),
                    count: 200 + rng.int(below: 200))
            }
            out += rng.pick(Self.vocabulary)
            if rng.chance(1, in: 3) { out += " " }
        }
        return out
    }

    // MARK: - Grammar

    private static let names = ["x", "y", "data", "model", "run", "a_1", "_tmp", "iris", "train", "val", "lr"]
    private static let callees = ["f", "fit", "dense", "split", "print", "sweep", "map"]
    private static let labels = ["epochs", "lr", "seed", "name", "val", "activation"]
    private static let binaryOperators = ["+", "-", "*", "/", "%", "**", "&&", "||"]
    private static let comparisons = ["==", "!=", "<", "<=", ">", ">="]

    /// A random valid program of one to six statements.
    public mutating func grammarProgram() -> String {
        let count = 1 + rng.int(below: 6)
        var out = ""
        for i in 0..<count {
            if i > 0 { out += rng.pick(["\n", "; ", "\n\n", " # c\n"]) }
            out += statement(depth: 3)
        }
        if rng.chance(1, in: 4) { out += rng.pick([";", "\n", "  # end"]) }
        return out
    }

    private mutating func statement(depth: Int) -> String {
        switch rng.int(below: 10) {
        case 0..<3:
            return "\(rng.pick(Self.names)) = \(expression(depth: depth, trailing: true))"
        case 3:
            let names = (0..<(2 + rng.int(below: 2))).map { _ in rng.pick(Self.names) }
            let unique = Array(Set(names)).sorted()
            guard unique.count > 1 else { return "a, b = \(expression(depth: depth, trailing: true))" }
            return unique.joined(separator: rng.pick([", ", ",", ",\n  "])) + " = "
                + expression(depth: depth, trailing: true)
        case 4 where depth > 0:
            return
                "for \(rng.pick(Self.names)) in \(expression(depth: depth - 1, trailing: false)) \(block(depth: depth - 1))"
        default:
            return expression(depth: depth, trailing: true)
        }
    }

    private mutating func block(depth: Int) -> String {
        let count = rng.int(below: 3)
        if count == 0 { return rng.pick(["{ }", "{}", "{\n}"]) }
        let body = (0..<count).map { _ in statement(depth: depth) }
        return rng.chance(1, in: 2)
            ? "{ " + body.joined(separator: "; ") + " }"
            : "{\n  " + body.joined(separator: "\n  ") + "\n}"
    }

    /// `trailing`: whether a trailing closure may follow a call at this level (not in
    /// an `if` condition or a `for` sequence, where `{` starts the block).
    private mutating func expression(depth: Int, trailing: Bool) -> String {
        guard depth > 0 else { return atom() }
        switch rng.int(below: 14) {
        case 0, 1: return atom()
        case 2:
            // Comparisons do not chain: parenthesise anything looser than `+`.
            let left = expression(depth: depth - 1, trailing: trailing)
            let right = expression(depth: depth - 1, trailing: trailing)
            return "(\(left)) \(rng.pick(Self.comparisons)) (\(right))"
        case 3, 4:
            let left = operand(depth: depth - 1, trailing: trailing)
            let right = operand(depth: depth - 1, trailing: trailing)
            return left + " " + rng.pick(Self.binaryOperators) + rng.pick([" ", "\n  ", " "]) + right
        case 5:
            return rng.pick(["-", "!", "- ", "--"]) + operand(depth: depth - 1, trailing: trailing)
        case 6:
            return call(depth: depth - 1, trailing: trailing)
        case 7:
            let elements = (0..<rng.int(below: 4)).map { _ in expression(depth: depth - 1, trailing: true) }
            return "[" + elements.joined(separator: rng.pick([", ", ",\n  "]))
                + (rng.chance(1, in: 4) && !elements.isEmpty ? ",]" : "]")
        case 8:
            let count = rng.int(below: 4)
            if count == 0 { return "[:]" }
            let fields = (0..<count).map { i in "\(Self.labels[i]): \(expression(depth: depth - 1, trailing: true))" }
            return "[" + fields.joined(separator: ", ") + (rng.chance(1, in: 4) ? ",]" : "]")
        case 9:
            return closure(depth: depth - 1)
        case 10:
            var out = "if \(expression(depth: depth - 1, trailing: false)) \(block(depth: depth - 1))"
            if rng.chance(1, in: 2) { out += rng.pick([" else ", "\nelse "]) + block(depth: depth - 1) }
            return rng.chance(1, in: 3) ? "(\(out))" : out
        case 11:
            return operand(depth: depth - 1, trailing: trailing) + rng.pick([".", "\n  ."]) + rng.pick(Self.callees)
        case 12:
            return operand(depth: depth - 1, trailing: trailing) + "[\(expression(depth: depth - 1, trailing: true))]"
        default:
            return "(" + expression(depth: depth - 1, trailing: true) + ")"
        }
    }

    /// An operand of a binary or prefix operator: no bare comparisons (they would chain
    /// or bind differently than meant); anything else is kept as generated or wrapped.
    private mutating func operand(depth: Int, trailing: Bool) -> String {
        let inner = expression(depth: depth, trailing: trailing)
        let looksCompound = inner.contains(where: { "=<>!&|+-*/% ".contains($0) })
        return looksCompound || rng.chance(1, in: 4) ? "(\(inner))" : inner
    }

    private mutating func call(depth: Int, trailing: Bool) -> String {
        var parts = (0..<rng.int(below: 3)).map { _ in expression(depth: depth, trailing: true) }
        for label in Self.labels.prefix(rng.int(below: 3)) {
            parts.append("\(label): \(expression(depth: depth, trailing: true))")
        }
        var out = rng.pick(Self.callees)
        let withParens = !(trailing && rng.chance(1, in: 5))
        if withParens {
            out +=
                "(" + parts.joined(separator: rng.pick([", ", ",\n    "]))
                + (rng.chance(1, in: 5) && !parts.isEmpty ? ",)" : ")")
        }
        if trailing && (!withParens || rng.chance(1, in: 3)) {
            out += " " + closure(depth: depth)
        }
        return out
    }

    private mutating func closure(depth: Int) -> String {
        let parameters = Array(Set((0..<rng.int(below: 3)).map { _ in rng.pick(Self.names) })).sorted()
        let head = parameters.isEmpty ? "" : parameters.joined(separator: ", ") + " in "
        let count = 1 + rng.int(below: 2)
        let body = (0..<count).map { _ in statement(depth: depth) }
        return rng.chance(1, in: 2)
            ? "{ " + head + body.joined(separator: "; ") + " }"
            : "{ " + head + "\n    " + body.joined(separator: "\n    ") + "\n  }"
    }

    private mutating func atom() -> String {
        switch rng.int(below: 8) {
        case 0: return rng.pick(["3", "0.5", "1e-3", "2E+5", "42", "007", "1.25e10"])
        case 1: return stringLiteral()
        case 2: return rng.pick(["true", "false", "nil"])
        case 3: return rng.pick(["[]", "[:]"])
        default: return rng.pick(Self.names)
        }
    }

    private mutating func stringLiteral() -> String {
        let pieces = ["a", "b c", "\\n", "\\t", "\\\"", "\\\\", "é", "日本", "🌍", "#", "{", "(", "'"]
        return "\"" + (0..<rng.int(below: 5)).map { _ in rng.pick(pieces) }.joined() + "\""
    }

    // MARK: - Mutation

    /// Valid programs that mutations start from.
    public static let corpus: [String] = [
        "iris = dataset(\"iris\")\niris.describe()\ntrain, val, test = split(iris, [0.7, 0.15, 0.15], seed: 7)",
        "model = sequential([\n  dense(16, activation: \"relu\"),\n  dense(3)\n])",
        "run = fit(model, train, val: val, epochs: 60, batch: 16,\n          optimizer: adam(lr: 0.01), seed: 7, name: \"iris-mlp\")\nevaluate(run, test)",
        "best = sweep(space, trials: 20) { p in\n  fit(model, train, epochs: p.epochs)\n}",
        "for r in runs(sort: \"-created\", limit: 5) {\n  print(r.name, r.metrics.accuracy)\n}",
        "x = if a < b { a } else if a == b { 0 } else { b }\ny = -x ** 2 + !flag && ok || z;",
        "f = { a, b in s = a + b; s * s }\nprint(f(2, 3))  # 25",
        "small = filter(ds) { row in row.petal_length > 1.5 }\nsmall.head(n: 3)",
        "s = \"tab\\there \\\"quoted\\\" back\\\\slash\\n\"; len(s)",
        "cfg = [lr: 1e-3, units: 64, tags: [\"a\", \"b\"],]\nempty = [:]; none = []",
        "data\n  .standardize(using: train)\n  .head()",
        "m = [[1, 2], [3, 4]]\nm[0][1] % 2 != 0",
    ]

    private static let insertions: [String] = [
        "(", ")", "[", "]", "{", "}", "\"", "\\", ",", ":", ";", ".", "=", "==", "*", "**", "-", "!",
        "\n", " ", "\t", "#", "in", "if", "else", "for", "x", "@", "é", "\u{301}", "🌍", "\r", "1e", "\u{0}",
    ]

    /// A valid program (from the corpus or the grammar) with one to four random edits.
    public mutating func mutation() -> String {
        let base = rng.chance(2, in: 3) ? rng.pick(Self.corpus) : grammarProgram()
        var scalars = Array(base.unicodeScalars)
        for _ in 0..<(1 + rng.int(below: 4)) {
            let at = rng.int(below: scalars.count + 1)
            switch rng.int(below: 6) {
            case 0, 1:
                scalars.insert(contentsOf: rng.pick(Self.insertions).unicodeScalars, at: at)
            case 2 where !scalars.isEmpty:
                let start = min(at, scalars.count - 1)
                scalars.removeSubrange(start..<min(scalars.count, start + 1 + rng.int(below: 4)))
            case 3 where scalars.count > 1:
                let other = rng.int(below: scalars.count)
                scalars.swapAt(min(at, scalars.count - 1), other)
            case 4 where !scalars.isEmpty:
                let start = min(at, scalars.count - 1)
                let slice = scalars[start..<min(scalars.count, start + 1 + rng.int(below: 12))]
                scalars.insert(contentsOf: slice, at: rng.int(below: scalars.count + 1))
            default:
                scalars.removeSubrange(min(at, scalars.count)...)
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }
}
