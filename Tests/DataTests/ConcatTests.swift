import Testing

@testable import Data

@Suite("concat")
struct ConcatTests {
    static func part(
        _ name: String, x: [Float], cities: [Int32], categories: [String], labels: [Int32],
        classes: [String], columnsReversed: Bool = false
    ) -> Dataset {
        var columns = [
            Column(name: "x", values: .numeric(x)),
            Column(name: "city", values: .categorical(codes: cities, categories: categories)),
        ]
        if columnsReversed { columns.reverse() }
        return Dataset(
            name: name, columns: columns,
            target: .classification(name: "label", labels: labels, classes: classes),
            rowCount: x.count, lineage: Lineage(operation: "fixture", parameters: ["part": name]))
    }

    @Test("rows are appended, columns matched by name, categories and classes merged into their sorted union")
    func merges() throws {
        let a = ConcatTests.part(
            "a", x: [1, 2], cities: [0, 1], categories: ["paris", "rome"], labels: [0, 1],
            classes: ["no", "yes"])
        let b = ConcatTests.part(
            "b", x: [3, 4, 5], cities: [1, 0, -1], categories: ["berlin", "paris"],
            labels: [0, 1, 0], classes: ["maybe", "no"], columnsReversed: true)
        let joined = try Dataset.concat([a, b])
        #expect(joined.rowCount == 5 && joined.name == "a")
        #expect(joined.columns.map(\.name) == ["x", "city"])
        #expect(joined.numbers("x") == [1, 2, 3, 4, 5])
        #expect(joined.categorical("city")?.categories == ["berlin", "paris", "rome"])
        #expect(
            (0..<5).map { joined.columns[1].cell(at: $0) }
                == [.text("paris"), .text("rome"), .text("paris"), .text("berlin"), .missing])
        #expect(joined.target?.classNames == ["maybe", "no", "yes"])
        #expect(
            (0..<5).map { joined.target!.cell(at: $0) }
                == [.text("no"), .text("yes"), .text("maybe"), .text("no"), .text("maybe")])
        #expect(joined.lineage.operation == "concat")
        #expect(joined.lineage.parents == [a.contentID, b.contentID])
        #expect(joined.lineage.parameters["rows"] == "2,3")
        // The same categories everywhere keep their order and codes.
        let same = try Dataset.concat([a, a])
        #expect(same.categorical("city")?.categories == ["paris", "rome"] && same.rowCount == 4)
    }

    @Test("classes written as numbers merge in numeric order; an all-missing numeric column joins a text one")
    func numericClassesAndEmptyColumns() throws {
        let a = Dataset(
            name: "a", columns: [Column(name: "c", values: .numeric([.nan]))],
            target: .classification(name: "d", labels: [0], classes: ["2"]), rowCount: 1,
            lineage: Lineage(operation: "fixture"))
        let b = Dataset(
            name: "b", columns: [Column(name: "c", values: .categorical(codes: [0], categories: ["k"]))],
            target: .classification(name: "d", labels: [0], classes: ["10"]), rowCount: 1,
            lineage: Lineage(operation: "fixture"))
        let joined = try Dataset.concat([a, b])
        #expect(joined.target?.classNames == ["2", "10"])
        #expect(joined.categorical("c")?.codes == [-1, 0])
    }

    @Test("mismatches are refused naming the dataset that differs", arguments: [0, 1, 2, 3, 4, 5])
    func mismatches(_ index: Int) {
        let base = TransformFixtures.withMissing()
        var other = base
        let expected: TransformError
        switch index {
        case 0:
            other.columns[0].name = "z"
            expected = .columnsDiffer(dataset: 3, missing: ["a"], extra: ["z"])
        case 1:
            other.columns[2] = Column(name: "kind", values: .numeric([1, 2, 3, 4]))
            expected = .columnKindsDiffer("kind", numericIn: 3, textIn: 1)
        case 2:
            other.target = nil
            expected = .targetsDiffer(dataset: 3, first: "price", other: nil)
        case 3:
            other.target = .classification(name: "price", labels: [0, 0, 0, 0], classes: ["x"])
            expected = .targetKindsDiffer("price", dataset: 3)
        case 4:
            other.sampleShape = [1, 1, 3]
            expected = .sampleShapesDiffer(dataset: 3, first: nil, other: [1, 1, 3])
        default:
            #expect(throws: TransformError.nothingToConcatenate) { try Dataset.concat([]) }
            return
        }
        #expect(throws: expected) { try Dataset.concat([base, base, other]) }
    }
}
