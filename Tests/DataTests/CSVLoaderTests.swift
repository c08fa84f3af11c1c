import Testing

@testable import Data

@Suite("CSV loader")
struct CSVLoaderTests {
    /// Loads `text` with several chunk sizes, so every boundary case is crossed, and
    /// checks that they all agree before returning the result.
    func load(
        _ text: String, target: String? = nil, delimiter: Character = ",", header: Bool = true,
        name: String = "data.csv"
    ) throws(DataError) -> Dataset {
        let files = TestFiles()
        let path = files.write(name, text)
        var results: [Dataset] = []
        for chunkSize in [CSVLoader.defaultChunkSize, 7, 64] {
            var options = CSVLoader.Options()
            options.chunkSize = chunkSize
            results.append(
                try CSVLoader.load(
                    path: path, target: target, delimiter: delimiter.asciiValue!,
                    header: header, options: options))
        }
        for other in results.dropFirst() {
            #expect(other.columns.map(\.name) == results[0].columns.map(\.name))
            #expect(other.rowCount == results[0].rowCount)
            #expect(other.target == results[0].target)
            for (a, b) in zip(other.columns, results[0].columns) {
                switch (a.values, b.values) {
                case (.numeric(let x), .numeric(let y)): #expect(sameNumbers(x, y))
                default: #expect(a == b)
                }
            }
        }
        return results[0]
    }

    @Test func numericColumnsAndTextTarget() throws {
        let ds = try load("a,b,species\n1,2.5,setosa\n3,-4e2,virginica\n5,.5,setosa\n", target: "species")
        #expect(ds.name == "data")
        #expect(ds.rowCount == 3)
        #expect(ds.columns.map(\.name) == ["a", "b"])
        #expect(ds.numbers("a") == [1, 3, 5])
        #expect(ds.numbers("b") == [2.5, -400, 0.5])
        #expect(ds.target == .classification(name: "species", labels: [0, 1, 0], classes: ["setosa", "virginica"]))
        #expect(ds.lineage.operation == "load_csv")
        #expect(ds.lineage.sources.count == 1)
        #expect(ds.lineage.sources[0].size == 54)
        #expect(ds.lineage.sources[0].sha256.count == 64)
        #expect(ds.lineage.parameters["target"] == "species")
    }

    @Test func numericTargetIsRegression() throws {
        let ds = try load("x,y\n1,10\n2,20.5\n", target: "y")
        #expect(ds.target == .regression(name: "y", values: [10, 20.5]))
        #expect(ds.columns.map(\.name) == ["x"])
    }

    @Test func noTarget() throws {
        let ds = try load("x,y\n1,10\n")
        #expect(ds.target == nil)
        #expect(ds.columns.count == 2)
    }

    @Test func quotedFields() throws {
        let text = "name,note,v\n\"Smith, J\",\"said \"\"hi\"\"\",1\n\"multi\nline\",\"\",2\nplain,\"x\"\"\",3\n"
        let ds = try load(text)
        #expect(ds.rowCount == 3)
        let name = try #require(ds.categorical("name"))
        #expect(name.categories == ["Smith, J", "multi\nline", "plain"])
        #expect(name.codes == [0, 1, 2])
        let note = try #require(ds.categorical("note"))
        #expect(note.categories == ["said \"hi\"", "x\""])
        #expect(note.codes == [0, -1, 1])
        #expect(ds.numbers("v") == [1, 2, 3])
    }

    @Test func crlfAndByteOrderMark() throws {
        let ds = try load("\u{FEFF}a,b\r\n1,x\r\n2,y\r\n")
        #expect(ds.columns.map(\.name) == ["a", "b"])
        #expect(ds.numbers("a") == [1, 2])
        #expect(ds.categorical("b")?.categories == ["x", "y"])
    }

    @Test func lastRowWithoutLineEnd() throws {
        let ds = try load("a,b\n1,2\n3,4")
        #expect(ds.numbers("b") == [2, 4])
    }

    @Test(arguments: [
        (Character(";"), "a;b\n1,5;2\n"), (Character("\t"), "a\tb\n1,5\t2\n"),
        (Character("|"), "a|b\n1,5|2\n"),
    ])
    func otherDelimiters(delimiter: Character, text: String) throws {
        let ds = try load(text, delimiter: delimiter)
        #expect(ds.columns.map(\.name) == ["a", "b"])
        #expect(ds.categorical("a")?.categories == ["1,5"])
        #expect(ds.numbers("b") == [2])
    }

    @Test func withoutHeader() throws {
        let ds = try load("1,2,a\n3,4,b\n", target: "column3", header: false)
        #expect(ds.columns.map(\.name) == ["column1", "column2"])
        #expect(ds.rowCount == 2)
        #expect(ds.target == .classification(name: "column3", labels: [0, 1], classes: ["a", "b"]))
        #expect(ds.lineage.parameters["header"] == "false")
    }

    @Test func missingValues() throws {
        let ds = try load("a,b,c\n1,,x\nNA,2,NA\nNaN,nan,\nnull,NULL,y\n5,6,x\n")
        let a = ds.numbers("a")
        #expect(a.count == 5)
        #expect(a.filter(\.isNaN).count == 3)
        #expect(a[0] == 1 && a[4] == 5)
        #expect(ds.numbers("b").filter(\.isNaN).count == 3)
        let c = try #require(ds.categorical("c"))
        #expect(c.categories == ["x", "y"])
        #expect(c.codes == [0, -1, -1, 1, 0])
    }

    @Test func blankLinesAreSkipped() throws {
        let ds = try load("\n\na,b\n1,2\n\n3,4\n\n")
        #expect(ds.rowCount == 2)
        #expect(ds.numbers("a") == [1, 3])
    }

    @Test func categoriesAreSortedAndNumbersAmongWordsAreCategories() throws {
        let ds = try load("c\nzebra\napple\n10\nmango\napple\n")
        let c = try #require(ds.categorical("c"))
        #expect(c.categories == ["10", "apple", "mango", "zebra"])
        #expect(c.codes == [3, 1, 0, 2, 1])
    }

    @Test func textColumnFoundLateNeedsASecondPass() throws {
        // The first rows look numeric; most of the column is words.
        var text = "id,kind\n"
        for i in 0..<3 { text += "\(i),\(i)\n" }
        for i in 3..<9000 { text += "\(i),k\(i % 3)\n" }
        let ds = try load(text)
        let kind = try #require(ds.categorical("kind"))
        #expect(kind.categories == ["0", "1", "2", "k0", "k1", "k2"])
        #expect(kind.codes.count == 9000)
        #expect(kind.codes[0] == 0 && kind.codes[3] == 3 && kind.codes[4] == 4)
    }

    @Test(arguments: [
        ("1.5", 1.5), ("-0.25", -0.25), ("1e3", 1000), ("2.5E-3", 0.0025), ("+7", 7),
        (" 3 ", 3), ("0.1", 0.1), ("123456789012345678901234", 1.2345679e23),
        ("3.4028235e38", 3.4028235e38), ("1e-50", 0), ("007", 7), ("-0", 0),
        ("0.0000000000000000000001234", 1.234e-22), ("000000000000000000000000012", 12),
        ("5.", 5), (".5", 0.5), ("12345678901234567890.5", 1.2345679e19), ("1E+2", 100),
    ])
    func numberSpellings(text: String, expected: Float) throws {
        let ds = try load("v\n\(text)\n")
        #expect(ds.numbers("v") == [expected])
    }

    @Test func floatParsingMatchesTheStandardLibrary() throws {
        var generator = SystemRandomNumberGenerator()
        var lines = ["v"]
        for _ in 0..<2000 {
            let digits = Int.random(in: 1...17, using: &generator)
            var mantissa = String(UInt64.random(in: 0..<UInt64.max, using: &generator)).prefix(digits)
            let point = Int.random(in: 0...mantissa.count, using: &generator)
            mantissa.insert(".", at: mantissa.index(mantissa.startIndex, offsetBy: point))
            let exponent = Int.random(in: -25...20, using: &generator)
            lines.append(Bool.random(using: &generator) ? "\(mantissa)e\(exponent)" : "-\(mantissa)")
        }
        let ds = try load(lines.joined(separator: "\n"))
        let expected = lines.dropFirst().map { Float(Double($0)!) }
        #expect(ds.numbers("v") == expected)
    }

    @Test(arguments: ["1e", "1e+", "-", ".", "1.2.3", "0x10", "1,5"])
    func notNumbers(text: String) throws {
        let ds = try load("v\nword\n\"\(text)\"\nother\n")
        let v = try #require(ds.categorical("v"))
        #expect(v.categories.contains(text))
    }

    @Test func duplicateAndEmptyHeaderNames() throws {
        let ds = try load("a,a,,b\n1,2,3,4\n")
        #expect(ds.columns.map(\.name) == ["a", "a.1", "column3", "b"])
    }

    @Test func headerOnlyGivesNoRows() throws {
        let ds = try load("a,b\n", target: "b")
        #expect(ds.rowCount == 0)
        #expect(ds.numbers("a") == [])
    }

    @Test func nameIsTheFileStem() {
        #expect(CSVLoader.fileStem("data/iris.csv") == "iris")
        #expect(CSVLoader.fileStem("/tmp/x.tar.csv") == "x.tar")
        #expect(CSVLoader.fileStem("plain") == "plain")
        #expect(CSVLoader.fileStem(".hidden") == ".hidden")
    }
}
