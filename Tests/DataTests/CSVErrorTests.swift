import Testing

@testable import Data

@Suite("CSV loader errors")
struct CSVErrorTests {
    /// Loads `text` (from a file called bad.csv) with several chunk sizes, expecting
    /// the same error from each, and returns it.
    func failure(_ text: String, target: String? = nil, header: Bool = true) -> DataError? {
        let files = TestFiles()
        let path = files.write("bad.csv", text)
        var errors: [DataError?] = []
        for chunkSize in [CSVLoader.defaultChunkSize, 5, 64] {
            var options = CSVLoader.Options()
            options.chunkSize = chunkSize
            errors.append(
                dataError { () throws(DataError) in
                    try CSVLoader.load(
                        path: path, target: target, delimiter: UInt8(ascii: ","), header: header,
                        options: options)
                })
        }
        #expect(errors.allSatisfy { $0 == errors[0] })
        return errors[0]
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var text: String
        var target: String?
        var message: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "too few fields", text: "a,b,c,d,e\n1,2,3,4,5\n1,2,3,4\n", message: "row 3 has 4 fields, expected 5"),
        Case(label: "too many fields", text: "a,b\n1,2\n\n1,2,3,4\n", message: "row 4 has 4 fields, expected 2"),
        Case(
            label: "too few after quoted newline", text: "a,b\n\"x\ny\",2\n3\n",
            message: "row 4 has 1 field, expected 2"),
        Case(
            label: "unterminated quote", text: "a,b\n1,2\n3,\"oops\n4,5\n",
            message: "quoted field opened on row 3 never closes"),
        Case(label: "unterminated quote in header", text: "a,\"b\n1,2\n", message: "opened on row 1 never closes"),
        Case(label: "stray word", text: "a,b\n1,2\n3,x7\n5,6\n", message: "row 3, column 'b': 'x7' is not a number"),
        Case(label: "infinite value", text: "a,b\n1,2\n3,inf\n5,6\n", message: "row 3, column 'b': 'inf' is infinite"),
        Case(label: "overflowing Float", text: "a\n1\n1e39\n", message: "row 3, column 'a': '1e39' is infinite"),
        Case(
            label: "infinite target", text: "a,y\n1,2\n3,-Infinity\n", target: "y",
            message: "row 3, column 'y': '-Infinity' is infinite"),
        Case(label: "earliest problem first", text: "a,b\n1,2\n3,inf\nq,6\n7,8\n", message: "row 3, column 'b'"),
        Case(
            label: "unknown target", text: "sepal,species\n1,a\n", target: "specie",
            message: "no column named 'specie' for the target (did you mean 'species'?); columns are 'sepal', 'species'"
        ),
        Case(
            label: "unknown target far away", text: "a,b\n1,2\n", target: "zzzzzz",
            message: "no column named 'zzzzzz' for the target; columns are 'a', 'b'"),
        Case(label: "empty file", text: "", message: "is empty"),
        Case(label: "only blank lines", text: "\u{FEFF}\n\r\n\n", message: "is empty"),
    ]

    @Test(arguments: cases)
    func messages(_ item: Case) throws {
        let error = try #require(failure(item.text, target: item.target))
        #expect(error.description.contains(item.message), "\(error.description)")
        #expect(error.description.contains("bad.csv"), "the message names the file: \(error.description)")
    }

    @Test func missingFile() throws {
        let error = try #require(
            dataError { () throws(DataError) in
                try CSVLoader.load(path: "/nonexistent/data.csv", target: nil)
            })
        #expect(error.description == "cannot read '/nonexistent/data.csv': no such file")
    }

    @Test func directoryIsNotAFile() throws {
        let files = TestFiles()
        let error = try #require(
            dataError { () throws(DataError) in
                try CSVLoader.load(path: files.folder.path, target: nil)
            })
        #expect(error.description.contains("it is a directory"))
    }

    @Test func badNumberInALongFileNamesItsLine() throws {
        var text = "a,b\n"
        for i in 0..<5000 { text += "\(i),\(i * 2)\n" }
        text += "oops,1\n"
        for i in 0..<5000 { text += "\(i),\(i * 2)\n" }
        let error = try #require(failure(text))
        #expect(error == .badNumber(path: error.path, line: 5002, column: "a", value: "oops"))
    }

    @Test func fieldCountInALongFileNamesItsLine() throws {
        var text = "a,b\n"
        for i in 0..<20000 { text += "\(i),\"q\(i % 3)\"\n" }
        text += "1,2,3\n"
        let error = try #require(failure(text))
        #expect(error == .fieldCount(path: error.path, line: 20002, found: 3, expected: 2))
    }
}

extension DataError {
    /// The file a CSV error names (for comparing whole errors in tests).
    var path: String {
        switch self {
        case .fieldCount(let path, _, _, _), .badNumber(let path, _, _, _), .unterminatedQuote(let path, _),
            .infiniteValue(let path, _, _, _), .emptyFile(let path), .unreadableFile(let path, _),
            .unwritableFile(let path, _), .ambiguousDelimiter(let path, _, _),
            .inconsistentDelimiter(let path, _, _, _, _),
            .noColumns(let path), .unknownTarget(let path, _, _, _), .badTextColumn(let path, _, _),
            .badMagic(let path, _, _),
            .truncated(let path, _, _), .corruptGzip(let path, _), .notAFolder(let path), .noImages(let path, _),
            .badImage(let path, _), .imageSizeMismatch(let path, _, _, _, _, _), .looseImages(let path, _),
            .badLabelFile(let path, _, _), .missingLabelledFile(_, _, let path), .unlabelledImage(let path, _, _):
            return path
        case .countMismatch(let images, _, _, _):
            return images
        case .unknownDataset, .missingResources:
            return ""
        }
    }
}
