import Testing

@testable import Data

@Suite("CSV delimiter detection")
struct CSVDelimiterSnifferTests {
    static func detect(_ text: String, atEnd: Bool = true) throws(DataError) -> Character {
        Character(UnicodeScalar(try CSVDelimiterSniffer.detect(Array(text.utf8), atEnd: atEnd, path: "x.csv")))
    }

    @Test(
        "the delimiter that splits the header and rows alike",
        arguments: [
            ("a,b\n1,2\n", ","),
            ("a;b;c\n1;2;3\n", ";"),
            ("a\tb\n1\t2\n", "\t"),
            ("a|b\n1|2\n", "|"),
            ("v\n5.1\n0.3\n", ","),  // one column: nothing splits it
            ("a;b\n1,5;2,5\n", ";"),  // decimal commas inside ';' fields
            ("name,note\nbob,\"a;b\"\n", ","),  // a ';' inside quotes
            ("name\tnote\nbob\thi, there\n", "\t"),  // commas in text, tabs between fields
            ("a;b\n\"x\ny\";2\n", ";"),  // a quoted line end
            ("a;b;c\n", ";"),  // a header alone
            ("\u{FEFF}a;b\n1;2\n", ";"),  // a byte-order mark
            ("a;b\n\n1;2\n\n", ";"),  // blank lines are skipped
            ("a,b;c\n1,2;3\n", ","),  // both split alike: the comma wins
            ("a,b,c\n1,2,3\n1,2\n", ","),  // a malformed comma file stays comma (the loader names the row)
            ("a;b\n1;2\n3;", ";"),  // a last row cut off by the sample is ignored
        ])
    func detects(text: String, expected: Character) throws {
        #expect(try CSVDelimiterSnifferTests.detect(text, atEnd: !text.hasSuffix("3;")) == expected)
    }

    @Test("a file that looks separated by something else but whose rows disagree fails naming it")
    func inconsistent() {
        #expect(throws: DataError.inconsistentDelimiter(path: "x.csv", likely: "\";\"", line: 4, found: 2, expected: 3))
        {
            try CSVDelimiterSnifferTests.detect("a;b;c\n1;2;3\n\n4;5\n")
        }
        let message = DataError.inconsistentDelimiter(path: "x.csv", likely: "\";\"", line: 4, found: 2, expected: 3)
            .description
        #expect(
            message == "the file looks \";\"-separated (the header has 3 fields) but row 4 has 2; "
                + "pass delimiter: \";\" to read it that way and see the rows that differ ('x.csv')")
    }

    @Test("two delimiters other than a comma that both fit are ambiguous")
    func ambiguous() {
        #expect(throws: DataError.ambiguousDelimiter(path: "x.csv", candidates: ["\";\"", "\"|\""], fields: [2, 2])) {
            try CSVDelimiterSnifferTests.detect("a;b|c\n1;2|3\n")
        }
    }

    @Test("the loader detects the delimiter when none is given, and records it")
    func loader() throws {
        let files = TestFiles()
        let path = files.write("semi.csv", "x;y;t\n1;2;3.5\n3;4;1.5\n")
        let dataset = try CSVLoader.load(path: path, target: "t")
        #expect(dataset.columns.map(\.name) == ["x", "y"] && dataset.rowCount == 2)
        #expect(dataset.lineage.parameters["delimiter"] == ";")
        let tabs = try CSVLoader.load(path: files.write("tabs.tsv", "a\tb\n1\t2\n"), target: nil)
        #expect(tabs.columns.map(\.name) == ["a", "b"])
        // An explicit delimiter is taken as given.
        #expect(
            try CSVLoader.load(path: path, target: nil, delimiter: UInt8(ascii: ",")).columns.map(\.name) == ["x;y;t"])
    }
}
