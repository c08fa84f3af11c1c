import Language
import Render
import Testing

@Suite("Display")
struct DisplayTests {
    @Test(arguments: [
        (42.0, "42"), (-7.0, "-7"), (0.1, "0.1"), (1.0 / 3.0, "0.3333333333333333"), (1e15, "1000000000000000"),
        (1e16, "1e16"), (2.5e-8, "2.5e-08"), (-0.0, "0"), (Double.nan, "nan"), (-Double.infinity, "-inf"),
    ])
    func numbers(value: Double, text: String) {
        #expect(Value.number(value).plainText() == text)
    }

    @Test("numbers read back exactly")
    func roundTrip() {
        for value in [0.1, 0.30000000000000004, 1e-300, 123.456, 9007199254740993.0, 1.7976931348623157e308] {
            #expect(Double(Value.number(value).plainText()) == value)
        }
    }

    @Test(arguments: [
        ("\"a\\nb\"", "\"a\\nb\""), ("\"q\\\"\\\\\"", "\"q\\\"\\\\\""), ("true", "true"),
        ("[1, \"x\"]", "[1, \"x\"]"), ("[lr: 0.1, units: 64]", "[lr: 0.1, units: 64]"), ("[:]", "[:]"),
        ("[a: [b: []]]", "[a: [b: []]]"), ("{ a, b in a }", "<closure (a, b)>"),
        ("sqrt", "<builtin sqrt(x)>"), ("range", "<builtin range(start, [end], step: 1)>"),
        ("3.round", "<function round bound to a number>"),
    ])
    func values(source: String, text: String) {
        #expect(makeSession().execute(source, host: RecordingHost()).display?.plainText == text)
    }

    @Test("field names that are not identifiers are quoted")
    func quotedFieldNames() {
        #expect(Value.record(Record([("two words", .number(1))])).plainText() == "[\"two words\": 1]")
    }

    @Test("strings print raw but display quoted")
    func stringForms() {
        #expect(Value.string("a\"b").plainText(quoted: false) == "a\"b")
        #expect(Value.list([.string("a")]).plainText(quoted: false) == "[\"a\"]")
    }

    @Test("a list of records displays as a table in three forms")
    func tableOfRecords() throws {
        let session = makeSession()
        let result = session.execute("[[name: \"<b>\", acc: 0.9], [name: \"x|y\", acc: 1]]", host: RecordingHost())
        let bundle = try #require(result.display)
        let html = try #require(bundle.data["text/html"])
        #expect(html.hasPrefix("<table>\n<thead>\n<tr><th>name</th><th>acc</th></tr>"))
        #expect(html.contains("<td>&lt;b&gt;</td><td>0.9</td>"))
        #expect(!html.contains("<script") && !html.contains("style"))
        let markdown = try #require(bundle.data["text/markdown"])
        #expect(markdown.contains("| name | acc |\n| --- | ---: |"))
        #expect(markdown.contains("x\\|y"))
        #expect(bundle.plainText == "name  acc\n----  ---\n<b>   0.9\nx|y     1")
    }

    @Test("lists that are not tables stay text")
    func notTables() throws {
        let session = makeSession()
        for source in ["[[a: 1], 2]", "[[a: 1], [b: 2]]", "[]", "[[:]]"] {
            let bundle = try #require(session.execute(source, host: RecordingHost()).display)
            #expect(bundle.data["text/html"] == nil, "\(source)")
        }
    }

    @Test("long tables show their first rows and a count")
    func longTable() throws {
        let bundle = try #require(makeSession().execute("range(60).map { i in [i: i] }", host: RecordingHost()).display)
        #expect(bundle.plainText.hasSuffix("... 10 more rows (60 in all)"))
        #expect(bundle.data["text/html"]?.components(separatedBy: "<tr>").count == 52)
    }

    @Test("Table: alignment, padding of short rows, caption and footer")
    func table() {
        let table = Table(
            columns: ["layer", "params"], rows: [["dense", "80"], ["relu"]],
            caption: "model", footer: "total 80")
        #expect(table.rows[1] == ["relu", ""])
        #expect(table.resolvedAlignments == [.left, .right])
        #expect(table.plain() == "model\nlayer  params\n-----  ------\ndense      80\nrelu\ntotal 80")
        #expect(table.html().contains("<caption>model</caption>"))
        #expect(table.html().hasSuffix("</table>\n<p>total 80</p>"))
        #expect(table.markdown().hasPrefix("model\n\n| layer | params |\n| --- | ---: |"))
        #expect(table.bundle().data.keys.sorted() == ["text/html", "text/markdown", "text/plain"])
    }

    @Test("Table escapes line breaks in text forms and HTML specials everywhere")
    func tableEscaping() {
        let table = Table(columns: ["a&b"], rows: [["1\n2"], ["'q'"]])
        #expect(table.plain().contains("1\\n2"))
        #expect(table.markdown().contains("1<br>2"))
        #expect(table.html().contains("<th>a&amp;b</th>"))
        #expect(table.html().contains("&#39;q&#39;"))
    }
}
