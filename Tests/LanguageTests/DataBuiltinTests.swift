import Foundation
import Language
import Render
import Testing

/// The data builtins through the language, on CSV files written into a fresh folder
/// (relative paths resolve against the session's working directory).
@Suite("Data builtins")
struct DataBuiltinTests {
    /// A folder with `people.csv`: a numeric, a text and a missing-laden column, a text target.
    final class Folder {
        let path: String

        init() throws {
            path =
                FileManager.default.temporaryDirectory.appendingPathComponent("strata-data-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try write(
                "people.csv",
                """
                age,city,income,label
                31,paris,100,yes
                45,berlin,NA,no
                22,paris,80,yes
                ,rome,120,no
                38,paris,90,yes

                """)
            try write("short.csv", "a,b,c\n1,2,3\n4,5\n")
            try write("semi.csv", "x;y;t\n1;2;3.5\n3;4;1.5\n")
            try write("nums.csv", "1,2\n3,4\n")
            try write("decimals.csv", "v\n5.1\n0.3\n1e-05\n123.456\n-0.1\n16777217\n3.4028235e38\n")
        }

        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Runs the cells in one session; returns the last cell's result and what it printed.
    func run(_ cells: [String], in folder: Folder) -> (result: CellResult, output: [String]) {
        let session = makeSession(directory: folder.path)
        var last = CellResult()
        let host = RecordingHost()
        for cell in cells { last = session.execute(cell, host: host) }
        return (last, host.outputLines)
    }

    @Test("load_csv reads features, a categorical column, missing cells and a classification target")
    func loadCSV() throws {
        let folder = try Folder()
        let (result, output) = run(
            [
                """
                people = load_csv("people.csv", target: "label")
                print(count(people), columns(people), target(people), classes(people))
                d = describe(people)
                print(d.columns[0].missing, d.columns[2].missing, d.columns[1].top, d.balance)
                filled = fillna(people, "mean")
                print(describe(filled).columns[0].missing, describe(dropna(people)).columns[0].count)
                """
            ], in: folder)
        #expect(result.error == nil, "\(result.error?.message ?? "")")
        #expect(
            output == [
                "5 [\"age\", \"city\", \"income\"] label [\"no\", \"yes\"]",
                "1 1 paris [no: 2, yes: 3]",
                "0 3",
            ])
    }

    @Test("describe of a wide dataset shows its first 50 columns and the target, and keeps every column")
    func describeWideData() throws {
        let folder = try Folder()
        let (result, output) = run(
            [
                """
                bag = vectorize(dataset("sms_spam"), mode: "count", vocab: 150)
                d = describe(bag)
                print(len(d.columns), d.columns[149].name == columns(bag)[149])
                d
                """
            ], in: folder)
        #expect(result.error == nil, "\(result.error?.message ?? "")")
        #expect(output == ["151 true"])
        let plain = try #require(result.display?.plainText)
        #expect(plain.contains("100 more columns not shown; describe(ds).columns lists them all"))
        #expect(plain.contains("text:i ") && plain.contains("label (target)"))
        // Header, rule, 50 columns, the ellipsis row and the target (and caption, footer, balance).
        let statistics = plain.components(separatedBy: "\n\n")[0].split(separator: "\n")
        #expect(statistics.filter { $0.hasPrefix("text:") }.count == 50)
        let html = try #require(result.display?.data["text/html"])
        #expect(html.components(separatedBy: "<tr>").count < 60)
    }

    @Test("a row of the dataset reaches filter as a record with categories as strings and missing as nil")
    func filterRecords() throws {
        let folder = try Folder()
        let (result, output) = run(
            [
                """
                people = load_csv("people.csv", target: "label")
                print(count(people.filter { row in row.city == "paris" && row.label == "yes" }))
                print(count(people.filter { row in row.age == nil }))
                """
            ], in: folder)
        #expect(result.error == nil, "\(result.error?.message ?? "")")
        #expect(output == ["3", "1"])
    }

    @Test("cells reach the language as the decimals written in the file")
    func decimals() throws {
        let folder = try Folder()
        let (result, output) = run(
            [
                """
                ds = load_csv("decimals.csv")
                print(count(ds.filter { row in row.v == 5.1 || row.v == 0.3 || row.v == 1e-05 || row.v == 123.456 }))
                print(count(ds.filter { row in row.v == -0.1 }), describe(ds).columns[0].min)
                print(ds.filter { row in row.v > 1e6 }.describe().columns[0].min)
                """
            ], in: folder)
        #expect(result.error == nil, "\(result.error?.message ?? "")")
        // 16777217 is not a Float: it reads as 16777216.
        #expect(output == ["4", "1 -0.1", "16777216"])
    }

    @Test("a numeric target means regression; the delimiter and header labels are honoured")
    func regressionAndDelimiter() throws {
        let folder = try Folder()
        let (result, output) = run(
            [
                """
                ds = load_csv("semi.csv", target: "t", delimiter: ";")
                print(count(ds), classes(ds), columns(ds))
                raw = load_csv("nums.csv", header: false)
                print(count(raw), columns(raw), target(raw))
                """
            ], in: folder)
        #expect(result.error == nil, "\(result.error?.message ?? "")")
        #expect(output == ["2 [] [\"x\", \"y\"]", "2 [\"column1\", \"column2\"] nil"])
    }

    @Test(
        "loader errors name the builtin, the row and the file",
        arguments: [
            ("load_csv(\"short.csv\")", "load_csv: row 3 has 2 fields, expected 3"),
            ("load_csv(\"nowhere.csv\")", "load_csv: cannot read"),
            ("load_csv(\"people.csv\", target: \"lable\")", "(did you mean 'label'?)"),
            ("load_csv(\"people.csv\", delimiter: \";;\")", "load_csv: 'delimiter' must be one character"),
            ("load_idx(images: \"a\")", "load_idx: missing label 'labels:'"),
        ])
    func loaderErrors(source: String, message: String) throws {
        let folder = try Folder()
        let (result, _) = run([source], in: folder)
        #expect(result.error?.message.contains(message) == true, "\(result.error?.message ?? "no error")")
    }

    @Test("a dataset displays its shape, task and first rows as HTML, Markdown and plain text")
    func display() throws {
        let folder = try Folder()
        let (result, _) = run(["load_csv(\"people.csv\", target: \"label\")"], in: folder)
        let bundle = try #require(result.display)
        let plain = bundle.plainText
        #expect(plain.hasPrefix("dataset people: 5 rows, 3 columns, classification (2 classes) of 'label'"))
        #expect(plain.contains("NA"))
        #expect(bundle.data["text/html"]?.contains("<td>paris</td>") == true)
        #expect(bundle.data["text/markdown"]?.contains("| age | city | income | label |") == true)
    }

    @Test(
        "transform errors point at the argument, with the contract's wording",
        arguments: [
            ("split(ds, [0.5, 0.4])", "split: fractions must sum to 1, got 0.9"),
            ("split(ds, [0.5, 0.5], seed: -1)", "split: 'seed' must be a whole number from 0 up, got -1"),
            ("split(ds, [0.4, 0.3, 0.3])", "split: class 'no' has 2 rows, too few to stratify into 3 splits"),
            ("drop(ds, [\"cty\"])", "drop: unknown column 'cty' (did you mean 'city'?)"),
            ("drop(ds, \"label\")", "drop: cannot drop the target column 'label'"),
            ("sample(ds, 9)", "sample: asked for 9 rows, the dataset has 5"),
            ("fillna(ds, \"meen\")", "fillna: \"meen\" is not a strategy (did you mean \"mean\"?)"),
            ("fillna(ds, [city: 3])", "fillna: column 'city' holds categories; fill it with a string"),
            (
                "fillna(ds, \"mean\", using: select(ds, [\"age\"]))",
                "fillna: the statistics dataset has no column 'city'"
            ),
            ("standardize(ds, using: 3)", "standardize: 'using' must be a dataset, got a number"),
            ("ds.filter { row in row.agee > 1 }", "record has no field or function 'agee' (did you mean 'age'?)"),
        ])
    func transformErrors(source: String, message: String) throws {
        let folder = try Folder()
        let (result, _) = run(["ds = load_csv(\"people.csv\", target: \"label\")", source], in: folder)
        #expect(result.error?.message.contains(message) == true, "\(result.error?.message ?? "no error")")
    }

    @Test("head returns a dataset; help and completion know the data builtins")
    func headAndHelp() throws {
        let folder = try Folder()
        let (result, output) = run(
            [
                """
                ds = load_csv("people.csv", target: "label")
                print(type(head(ds, n: 2)), count(head(ds, n: 2)), count(head(ds)))
                """
            ], in: folder)
        #expect(result.error == nil, "\(result.error?.message ?? "")")
        #expect(output == ["dataset 2 5"])
        let registry = makeSession().registry
        for name in [
            "dataset", "load_csv", "load_idx", "head", "describe", "columns", "target", "count", "classes",
            "split", "standardize", "minmax", "select", "drop", "dropna", "fillna", "filter", "sample",
            "version", "column", "to_csv", "concat",
        ] {
            #expect(registry[name] != nil, "\(name) is registered")
        }
        #expect(registry["split"]?.signature == "split(ds, fractions, seed: 0, stratify: true)")
        #expect(
            registry["load_csv"]?.signature == "load_csv(path, target: nil, delimiter: \",\", header: true, text: auto)"
        )
    }
}
