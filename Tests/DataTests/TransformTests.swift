import Testing

@testable import Data

@Suite("Transforms: columns, rows, scaling, missing values, description")
struct TransformTests {
    @Test("derived datasets carry the source files they came from, through every transform")
    func derivedLineageKeepsSources() throws {
        let fileA = Lineage.SourceFile(path: "/data/a.csv", sha256: String(repeating: "a", count: 64), size: 10)
        let fileB = Lineage.SourceFile(path: "/data/b.csv", sha256: String(repeating: "b", count: 64), size: 20)
        let loaded = Dataset(
            name: "a", columns: [Column(name: "v", values: .numeric([1, 2, 3, 4, 5, 6]))],
            target: nil, rowCount: 6, lineage: Lineage(sources: [fileA], operation: "load_csv"))
        let other = Dataset(
            name: "b", columns: [Column(name: "v", values: .numeric([7, 8]))],
            target: nil, rowCount: 2, lineage: Lineage(sources: [fileB], operation: "load_csv"))
        let parts = try loaded.split(fractions: [0.5, 0.5], seed: 3)
        #expect(parts.allSatisfy { $0.lineage.sources == [fileA] && $0.lineage.parents == [loaded.contentID] })
        let scaled = try other.standardize(using: parts[0])
        #expect(scaled.lineage.sources == [fileB, fileA])
        let chosen = try scaled.select(["v"]).head(1)
        #expect(chosen.lineage.sources == [fileB, fileA])
        #expect(chosen.lineage.operation == "head")
    }

    @Test("standardize takes mean and population deviation from 'using', not from itself")
    func standardizeUsesStatistics() throws {
        let train = Dataset(
            name: "t", columns: [Column(name: "v", values: .numeric([1, 2, 3, 4]))],
            target: nil, rowCount: 4, lineage: Lineage(operation: "fixture"))
        let test = Dataset(
            name: "s", columns: [Column(name: "v", values: .numeric([2.5, 10]))],
            target: nil, rowCount: 2, lineage: Lineage(operation: "fixture"))
        let scaled = try test.standardize(using: train)
        // mean 2.5, population std sqrt(1.25)
        let expected: [Float] = [0, Float(7.5 / 1.25.squareRoot())]
        let got = TransformFixtures.numbers(scaled, "v")
        #expect(zip(got, expected).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(scaled.lineage.parents == [test.contentID, train.contentID])

        let own = TransformFixtures.numbers(try train.standardize(using: train), "v")
        let mean = own.reduce(0, +) / 4
        let variance = own.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
        #expect(abs(mean) < 1e-6 && abs(variance - 1) < 1e-5)
    }

    @Test("a constant column is only centred; categorical columns and missing cells are untouched")
    func standardizeEdgeCases() throws {
        let data = Dataset(
            name: "c",
            columns: [
                Column(name: "k", values: .numeric([5, 5, .nan])),
                Column(name: "t", values: .categorical(codes: [0, 1, -1], categories: ["x", "y"])),
            ], target: nil, rowCount: 3, lineage: Lineage(operation: "fixture"))
        let scaled = try data.standardize(using: data)
        let k = TransformFixtures.numbers(scaled, "k")
        #expect(k[0] == 0 && k[1] == 0 && k[2].isNaN)
        #expect(scaled.columns[1] == data.columns[1])
    }

    @Test("minmax maps the statistics' range to [0, 1]")
    func minmax() throws {
        let data = TransformFixtures.classified(rows: 11)
        let scaled = try data.minmax(using: data)
        let x = TransformFixtures.numbers(scaled, "x")
        #expect(x.min() == 0 && x.max() == 1 && abs(x[5] - 0.5) < 1e-6)
    }

    @Test("scaling with statistics that lack a column names it")
    func scalingMissingColumn() throws {
        let data = TransformFixtures.classified(rows: 6)
        let narrow = try data.select(["x"])
        #expect(throws: TransformError.statisticsColumn("y", reason: "has no")) { try data.standardize(using: narrow) }
    }

    @Test("select keeps the named columns in the order named, and the target")
    func select() throws {
        let data = TransformFixtures.classified(rows: 5)
        let chosen = try data.select(["color", "x", "label"])
        #expect(chosen.columns.map(\.name) == ["color", "x"])
        #expect(chosen.target == data.target)
        #expect(chosen.lineage.operation == "select" && chosen.lineage.parents == [data.contentID])
    }

    @Test("drop removes the named columns")
    func drop() throws {
        let data = TransformFixtures.classified(rows: 5)
        #expect(try data.drop(["y"]).columns.map(\.name) == ["x", "color"])
    }

    @Test(
        "column errors",
        arguments: [
            (["xx"], false, TransformError.unknownColumn("xx", available: ["x", "y", "color"])),
            (["x", "x"], true, TransformError.duplicateColumn("x")),
            (["label"], false, TransformError.cannotDropTarget("label")),
            (["x", "y", "color"], false, TransformError.noColumnsLeft),
        ])
    func columnErrors(names: [String], select: Bool, expected: TransformError) {
        let data = TransformFixtures.classified(rows: 5)
        #expect(throws: expected) { _ = select ? try data.select(names) : try data.drop(names) }
    }

    @Test("dropna removes rows with a missing feature or target")
    func dropna() {
        let data = TransformFixtures.withMissing().dropna()
        #expect(data.rowCount == 1)
        #expect(TransformFixtures.numbers(data, "b") == [10])
        #expect(data.lineage.operation == "dropna")
    }

    @Test("filter keeps the rows the predicate accepts, and passes its errors through")
    func filter() throws {
        struct Stop: Error {}
        let data = TransformFixtures.classified(rows: 10)
        let even = data.filter { $0 % 2 == 0 }
        #expect(TransformFixtures.numbers(even, "x") == [0, 2, 4, 6, 8])
        #expect(throws: Stop.self) {
            try data.filter { (row: Int) throws(Stop) -> Bool in
                if row == 3 { throw Stop() }; return true
            }
        }
    }

    @Test("head and sample")
    func headAndSample() throws {
        let data = TransformFixtures.classified(rows: 10)
        #expect(TransformFixtures.numbers(try data.head(3), "x") == [0, 1, 2])
        #expect(try data.head(50).rowCount == 10)
        let sampled = TransformFixtures.numbers(try data.sample(4, seed: 1), "x")
        #expect(sampled.count == 4 && Set(sampled).count == 4)
        #expect(sampled == TransformFixtures.numbers(try data.sample(4, seed: 1), "x"))
        #expect(sampled != TransformFixtures.numbers(try data.sample(4, seed: 2), "x"))
        #expect(throws: TransformError.badCount(requested: 11, available: 10)) { try data.sample(11, seed: 0) }
        #expect(throws: TransformError.badCount(requested: -1, available: 10)) { try data.head(-1) }
    }

    @Test("describe: statistics per column, the target, and the class balance")
    func describe() {
        let summary = TransformFixtures.withMissing().describe()
        #expect(summary.columns.map(\.name) == ["a", "b", "kind", "price"])
        let a = summary.columns[0]
        #expect(a.count == 3 && a.missing == 1)
        if case .numeric(let mean, let std, let minimum, let maximum) = a.kind {
            #expect(abs(mean! - 8.0 / 3.0) < 1e-9 && minimum == 1 && maximum == 4)
            // The population deviation, the one standardize divides by.
            #expect(abs(std! - (14.0 / 9.0).squareRoot()) < 1e-9)
        } else {
            Issue.record("a should be numeric")
        }
        #expect(summary.columns[2].kind == .categorical(categories: 2, top: "q", topCount: 2))
        #expect(summary.columns[3].isTarget)

        let balance = TransformFixtures.withClassSizes([3, 1], classes: ["yes", "no"]).describe().classBalance
        #expect(balance == [.init(name: "yes", count: 3, fraction: 0.75), .init(name: "no", count: 1, fraction: 0.25)])
    }

    @Test("a standardized column describes as mean 0 and std 1")
    func describeAfterStandardize() throws {
        let data = TransformFixtures.classified(rows: 10)
        let scaled = try data.standardize(using: data).describe()
        for summary in scaled.columns.prefix(2) {
            guard case .numeric(let mean, let std, _, _) = summary.kind else { Issue.record("numeric"); continue }
            #expect(abs(mean!) < 1e-6 && abs(std! - 1) < 1e-6, "\(summary.name): \(mean!) \(std!)")
        }
    }

    @Test("the feature matrix is row-major with one-hot categories")
    func featureMatrix() {
        let matrix = TransformFixtures.withMissing().featureMatrix()
        #expect(matrix.names == ["a", "b", "kind=p", "kind=q"])
        #expect(matrix.rows == 4 && matrix.features == 4)
        #expect(Array(matrix.values[0..<4]) == [1, 10, 1, 0])
        #expect(Array(matrix.values[8..<12]) == [3, 30, 0, 0])  // missing category: all zeros
        #expect(matrix.values[4].isNaN)
        #expect(matrix.gather(rows: [3, 0]) == [4, 40, 0, 1, 1, 10, 1, 0])
    }

    @Test("cells read as numbers, text or missing, target last")
    func rows() {
        let row = TransformFixtures.withMissing().row(2)
        #expect(row.map(\.name) == ["a", "b", "kind", "price"])
        #expect(row.map(\.value) == [.number(3), .number(30), .missing, .number(3.5)])
    }
}
