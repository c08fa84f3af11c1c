import Testing

@testable import Language

@Suite struct CompletenessTests {
    static let cases: [(String, CompletenessVerdict)] = [
        ("", .complete),
        ("   \n\n", .complete),
        ("# just a comment", .complete),
        ("x = 1", .complete),
        ("x = 1\n", .complete),
        ("if c { 1 }", .complete),
        ("if c { 1 }\n", .complete),
        ("model = sequential([\n  dense(16),\n  dense(3)\n])", .complete),
        ("f(x) { p in p }", .complete),
        ("x = \"a # not a comment\"", .complete),
        // Unfinished.
        ("f(", .incomplete(indent: "  ")),
        ("model = sequential([\n  dense(16),", .incomplete(indent: "    ")),
        ("[1, 2,", .incomplete(indent: "  ")),
        ("sweep(s) { p in", .incomplete(indent: "  ")),
        ("for x in xs {\n  print(x)", .incomplete(indent: "  ")),
        ("if c {\n  if d {", .incomplete(indent: "    ")),
        ("x = 1 +", .incomplete(indent: "")),
        ("x = 1 +\n", .incomplete(indent: "")),
        ("x = 1 + # more to come", .incomplete(indent: "")),
        ("x =", .incomplete(indent: "")),
        ("a ||", .incomplete(indent: "")),
        ("a,", .incomplete(indent: "")),
        ("print(\"abc", .incomplete(indent: "  ")),
        ("s = \"abc\ndef", .incomplete(indent: "")),
        ("if c", .incomplete(indent: "")),
        ("for x in", .incomplete(indent: "")),
        ("for x in xs", .incomplete(indent: "")),
        ("if c { 1 } else", .incomplete(indent: "")),
        ("x.", .incomplete(indent: "")),
        ("-", .incomplete(indent: "")),
        // Can never parse.
        (")", .invalid),
        ("x = 1)", .invalid),
        ("f(1, 2]", .invalid),
        ("1 +* 2", .invalid),
        ("a = = b", .invalid),
        ("a = = b\nf(", .invalid),
        ("x = @", .invalid),
        ("a b", .invalid),
        ("f(a: 1, 2)", .invalid),
        ("x = \"\\q\"", .invalid),
        ("a = = \"open", .invalid),
        ("else", .invalid),
    ]

    @Test(arguments: cases)
    func verdict(source: String, expected: CompletenessVerdict) {
        #expect(CompletenessChecker.check(source) == expected, "\(source)")
    }

    /// Whatever is complete parses without errors; whatever parses is complete.
    @Test(arguments: cases.map(\.0))
    func completeMeansParses(source: String) {
        let parses = Parser.parse(source).isValid
        #expect(parses == (CompletenessChecker.check(source) == .complete), "\(source)")
    }
}
