import Foundation
import Testing

@testable import Data

@Suite("Bundled datasets")
struct BundledDatasetsTests {
    struct Expectation: Sendable, CustomTestStringConvertible {
        var name: String
        var rows: Int
        var features: Int
        var target: String
        /// Number of classes, or nil for regression.
        var classes: Int?
        var sampleShape: [Int]?
        var testDescription: String { name }
    }

    static let expectations = [
        Expectation(name: "iris", rows: 150, features: 4, target: "species", classes: 3),
        Expectation(name: "wine", rows: 178, features: 13, target: "cultivar", classes: 3),
        Expectation(name: "breast_cancer", rows: 569, features: 30, target: "diagnosis", classes: 2),
        Expectation(name: "digits", rows: 1797, features: 64, target: "digit", classes: 10, sampleShape: [1, 8, 8]),
        Expectation(name: "diabetes", rows: 442, features: 10, target: "progression", classes: nil),
    ]

    @Test(arguments: expectations)
    func shapes(_ expected: Expectation) throws {
        let ds = try BundledDatasets.load(expected.name)
        #expect(ds.name == expected.name)
        #expect(ds.rowCount == expected.rows)
        #expect(ds.columns.count == expected.features)
        #expect(ds.sampleShape == expected.sampleShape)
        for column in ds.columns {
            guard case .numeric(let values) = column.values else {
                Issue.record("\(column.name) not numeric"); continue
            }
            #expect(values.count == expected.rows)
            #expect(!values.contains { $0.isNaN })
        }
        switch ds.target {
        case .classification(let name, let labels, let classes)?:
            #expect(name == expected.target)
            #expect(classes.count == expected.classes)
            #expect(labels.count == expected.rows)
            #expect(Set(labels) == Set((0..<Int32(classes.count))))
        case .regression(let name, let values)?:
            #expect(name == expected.target)
            #expect(expected.classes == nil)
            #expect(values.count == expected.rows)
        case nil:
            Issue.record("no target")
        }
        #expect(ds.lineage.operation == "dataset")
        #expect(ds.lineage.parameters == ["name": expected.name])
        #expect(ds.lineage.sources.first?.sha256.count == 64)
    }

    @Test func irisDetails() throws {
        let iris = try BundledDatasets.load("iris")
        #expect(iris.columns.map(\.name) == ["sepal_length", "sepal_width", "petal_length", "petal_width"])
        #expect(Array(iris.numbers("sepal_length").prefix(2)) == [5.1, 4.9])
        guard case .classification(_, let labels, let classes)? = iris.target else { Issue.record("iris"); return }
        #expect(classes == ["setosa", "versicolor", "virginica"])
        #expect(labels.filter { $0 == 2 }.count == 50)
    }

    @Test func digitsClassesAreTheDigitsInOrder() throws {
        let digits = try BundledDatasets.load("digits")
        guard case .classification(_, let labels, let classes)? = digits.target else { Issue.record("digits"); return }
        #expect(classes == (0...9).map(String.init))
        #expect(Array(labels.prefix(3)) == [0, 1, 2])
    }

    /// The folder is found from the executable's real path, never the working
    /// directory (changing that here would disturb tests running alongside).
    @Test func resourceFolderIsAbsolute() throws {
        let folder = try BundledDatasets.resourceFolder()
        #expect(folder.hasPrefix("/"))
        #expect(FileManager.default.fileExists(atPath: folder + "/README.md"))
    }

    @Test func unknownNameSuggestsTheClosest() throws {
        let error = try #require(dataError { () throws(DataError) in try BundledDatasets.load("irsi") })
        #expect(
            error.description == "no bundled dataset named 'irsi' (did you mean 'iris'?); available: "
                + "'iris', 'wine', 'breast_cancer', 'digits', 'diabetes', 'sms_spam'")
        let far = try #require(dataError { () throws(DataError) in try BundledDatasets.load("mnist") })
        #expect(!far.description.contains("did you mean"))
    }
}
