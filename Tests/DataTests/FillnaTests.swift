import Testing

@testable import Data

@Suite("fillna")
struct FillnaTests {
    /// Numbers with ties and gaps, categories with a gap, a regression target with a gap.
    static func data() -> Dataset {
        let nan = Float.nan
        return Dataset(
            name: "gaps",
            columns: [
                Column(name: "a", values: .numeric([1, nan, 3, 4, 3, 1])),
                Column(name: "b", values: .numeric([10, 20, 30, 40, 50, 60])),
                Column(name: "kind", values: .categorical(codes: [0, 1, -1, 1, 0, -1], categories: ["p", "q"])),
            ],
            target: .regression(name: "price", values: [1.5, 2.5, 3.5, nan, 1, 2]),
            rowCount: 6, lineage: Lineage(operation: "fixture"))
    }

    @Test("mean, median and mode fill numbers with that statistic and categories with their most frequent one")
    func statistics() throws {
        let data = FillnaTests.data()
        let mean = try data.fillna(.mean)
        #expect(mean.numbers("a") == [1, 2.4, 3, 4, 3, 1])
        // Ties go to the first category in sorted order.
        #expect(mean.categorical("kind")?.codes == [0, 1, 0, 1, 0, 0])
        #expect(try data.fillna(.median).numbers("a") == [1, 3, 3, 4, 3, 1])
        #expect(try data.fillna(.mode).numbers("a")[1] == 1)  // 1 and 3 twice each: the smaller
        #expect(try data.fillna(.mode).categorical("kind")?.codes == [0, 1, 0, 1, 0, 0])
        // The target is not made up.
        if case .regression(_, let values) = mean.target { #expect(values[3].isNaN) }
        #expect(Dataset.median([4, .nan, 1, 2, 3]) == 2.5 && Dataset.median([.nan]) == nil)
    }

    @Test("a number fills numbers, a string fills categories, adding the category in sorted order")
    func values() throws {
        let data = FillnaTests.data()
        let zero = try data.fillna(.number(0))
        #expect(zero.numbers("a") == [1, 0, 3, 4, 3, 1])
        #expect(zero.categorical("kind")?.codes.filter { $0 < 0 }.count == 2)
        let unknown = try data.fillna(.category("none"))
        #expect(unknown.categorical("kind")?.categories == ["none", "p", "q"])
        #expect(unknown.categorical("kind")?.codes == [1, 2, 0, 2, 1, 0])
        #expect(unknown.numbers("a")[1].isNaN)
        let perColumn = try data.fillna(
            .values(
                FillValues([
                    .init(column: "kind", fill: .category("q")),
                    .init(column: "a", fill: .number(-1)),
                ])))
        #expect(perColumn.numbers("a")[1] == -1 && perColumn.categorical("kind")?.codes == [0, 1, 1, 1, 0, 1])
        #expect(throws: TransformError.fillKind("a", isCategorical: false)) {
            try data.fillna(.values(FillValues([.init(column: "a", fill: .category("x"))])))
        }
        #expect(throws: TransformError.unknownColumn("z", available: ["a", "b", "kind"])) {
            try data.fillna(.values(FillValues([.init(column: "z", fill: .number(1))])))
        }
    }

    @Test("using: the statistics come from another dataset, which must have the columns")
    func using() throws {
        let data = FillnaTests.data()
        let train = try data.head(2)  // a: [1], kind: p, q
        let filled = try data.fillna(.mean, using: train)
        #expect(filled.numbers("a")[1] == 1)
        #expect(filled.categorical("kind")?.codes == [0, 1, 0, 1, 0, 0])
        #expect(filled.lineage.parameters["using"] == train.contentID)
        #expect(filled.lineage.parents == [data.contentID, train.contentID])
        #expect(throws: TransformError.statisticsColumn("kind", reason: "has no")) {
            try data.fillna(.mean, using: try train.drop(["kind"]))
        }
    }

    @Test("every column's fill is recorded in the lineage and read back as typed values")
    func lineage() throws {
        let data = FillnaTests.data()
        let filled = try data.fillna(.median)
        #expect(filled.lineage.operation == "fillna")
        #expect(filled.lineage.parameters["with"] == "median")
        #expect(filled.lineage.parameters["fill:b"] == "number:35")
        let fills = FillValues(lineage: filled.lineage, columns: data.columns.map(\.name))
        #expect(
            fills
                == FillValues([
                    .init(column: "a", fill: .number(3)), .init(column: "b", fill: .number(35)),
                    .init(column: "kind", fill: .category("p")),
                ]))
        #expect(try data.fillValues(.median) == fills)
        // Applying the recorded fills again gives the same data.
        #expect(try data.filling(fills!).columns == filled.columns)
        #expect(FillValues(lineage: data.lineage) == nil)
    }
}
