import Foundation
import Language
import Testing

/// `to_csv`: datasets and predictions written, then read back by `load_csv`.
@Suite("to_csv")
struct ToCSVTests {
    let data = DataBuiltinTests()

    func text(_ folder: DataBuiltinTests.Folder, _ name: String) throws -> String {
        try String(contentsOfFile: folder.path + "/" + name, encoding: .utf8)
    }

    @Test("a dataset is written features then target, quoted where needed, missing empty, and reads back the same")
    func roundTrip() throws {
        let folder = try DataBuiltinTests.Folder()
        try folder.write("odd.csv", "name,v,label\n\"a, b\",5.1,x\n\"say \"\"hi\"\"\",1e-05,y\n\"two\nlines\",,x\n")
        let (result, output) = data.run(
            [
                """
                people = load_csv("people.csv", target: "label")
                to_csv(people, "out.csv")
                back = load_csv("out.csv", target: "label")
                print(columns(back), back["age"] == people["age"], back["city"] == people["city"])
                print(back["income"] == people["income"], back["label"] == people["label"])
                odd = load_csv("odd.csv", target: "label")
                odd.to_csv("odd_out.csv")
                again = load_csv("odd_out.csv", target: "label")
                print(again["name"] == odd["name"], again["v"])
                """
            ], in: folder)
        #expect(result.error == nil, "\(result.error?.message ?? "")")
        #expect(output == ["[\"age\", \"city\", \"income\"] true true", "true true", "true [5.1, 1e-05, nil]"])
        #expect(
            try text(folder, "out.csv") == "age,city,income,label\n31,paris,100,yes\n45,berlin,,no\n"
                + "22,paris,80,yes\n,rome,120,no\n38,paris,90,yes\n")
        #expect(
            try text(folder, "odd_out.csv")
                == "name,v,label\n\"a, b\",5.1,x\n\"say \"\"hi\"\"\",1e-05,y\n\"two\nlines\",,x\n")
        // No temporary file is left beside the written one.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains { $0.contains(".tmp-") }, "\(names)")
    }

    @Test("predictions are written as one column named prediction")
    func predictions() throws {
        let folder = try DataBuiltinTests.Folder()
        let (result, output) = data.run(
            [
                """
                iris = dataset("iris")
                m = sequential([dense(3)])
                fit(m, iris, epochs: 1);
                labels = predict(m, head(iris, n: 4))
                to_csv(labels, "labels.csv")
                back = load_csv("labels.csv")
                print(columns(back), back["prediction"] == labels)
                to_csv([1.5, nil, 0.1, 3], "numbers.csv")
                print(load_csv("numbers.csv")["prediction"])
                """
            ], in: folder)
        #expect(result.error == nil, "\(result.error?.message ?? "")")
        // The first line is fit's progress.
        #expect(output.dropFirst() == ["[\"prediction\"] true", "[1.5, nil, 0.1, 3]"])
        // A missing cell alone on its row is written "" (as Python's csv module does):
        // an empty line would be skipped as blank.
        #expect(try text(folder, "numbers.csv") == "prediction\n1.5\n\"\"\n0.1\n3\n")
    }

    @Test(
        "errors name the path or the argument",
        arguments: [
            (
                "to_csv(people, \"/nonexistent-strata-folder/x.csv\")",
                "to_csv: cannot write '/nonexistent-strata-folder/x.csv': the folder '/nonexistent-strata-folder' does not exist"
            ),
            ("to_csv(people, \".\")", "/.': it is a folder"),
            (
                "to_csv([[a: 1]], \"x.csv\")",
                "to_csv: a list is written as one column of numbers, strings, bools or nil; "
                    + "element 0 is a record"
            ),
            ("to_csv(3, \"x.csv\")", "to_csv: "),
        ])
    func errors(source: String, message: String) throws {
        let folder = try DataBuiltinTests.Folder()
        let (result, _) = data.run(["people = load_csv(\"people.csv\", target: \"label\")", source], in: folder)
        let text = result.error?.message ?? "no error"
        #expect(text.contains(message), "\(text)")
    }
}
