import Foundation
import Testing

@testable import Data

@Suite("CSV writer")
struct CSVWriterTests {
    @Test(
        "fields are quoted only where RFC 4180 needs it (and around edge spaces)",
        arguments: [
            ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("cr\r", "\"cr\r\""), (" padded", "\" padded\""), ("", ""),
        ])
    func quoting(field: String, written: String) {
        #expect(CSVWriter.quoted(field) == written)
    }

    @Test("a dataset is written with Float numbers in their shortest form and reads back identically")
    func roundTrip() throws {
        let files = TestFiles()
        let numbers: [Float] = [5.1, 1e-5, 16_777_216, -0.1, .nan, 3.4028235e38, 0.3]
        let dataset = Dataset(
            name: "t",
            columns: [
                Column(name: "x", values: .numeric(numbers)),
                Column(name: "c", values: .categorical(codes: [0, 1, -1, 0, 1, 0, 1], categories: ["a b", "z,"])),
            ],
            target: .classification(name: "y", labels: [1, 0, 0, 1, -1, 1, 0], classes: ["no", "yes"]),
            rowCount: 7, lineage: Lineage(operation: "fixture"))
        let path = files.path("out.csv")
        try CSVWriter.write(dataset, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            text == "x,c,y\n5.1,a b,yes\n1e-05,\"z,\",no\n16777216,,no\n-0.1,a b,yes\n,\"z,\",\n"
                + "3.4028235e38,a b,yes\n0.3,\"z,\",no\n")
        let back = try CSVLoader.load(path: path, target: "y")
        #expect(back.columns[1] == dataset.columns[1])
        #expect(back.numbers("x").map(\.bitPattern) == numbers.map(\.bitPattern))
        #expect(back.target == dataset.target)
    }

    @Test("a failed write leaves the old file and no temporary file; a good one replaces it")
    func atomic() throws {
        let files = TestFiles()
        let path = files.write("keep.csv", "old\n")
        #expect(
            throws: DataError.unwritableFile(
                path: files.path("missing/x.csv"),
                reason: "the folder '\(files.path("missing"))' does not exist")
        ) {
            try CSVWriter.write(header: ["a"], rowCount: 1, to: files.path("missing/x.csv")) { _, _ in "1" }
        }
        #expect(throws: DataError.unwritableFile(path: files.folder.path, reason: "it is a folder")) {
            try CSVWriter.write(header: ["a"], rowCount: 0, to: files.folder.path) { _, _ in nil }
        }
        try CSVWriter.write(header: ["a", "b"], rowCount: 2, to: path) { row, column in
            row == 1 && column == 0 ? nil : "\(row)"
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a,b\n0,0\n,1\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: files.folder.path) == ["keep.csv"])
    }
}
