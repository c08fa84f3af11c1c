import Experiments
import Foundation
import Store
import Testing

@testable import Serve

/// The dashboard's pages rendered from a real store, and the parsing every request goes
/// through. (Served over HTTP and in a browser: Tests/Python/test_ui_*.py.)
@Suite struct DashboardTests {
    /// A folder store with three runs: one named like a script, one tagged, one running.
    final class Fixture {
        let folder = NSTemporaryDirectory() + "strata-ui-test-" + UUID().uuidString
        let experiments: ExperimentStore
        var ids: [RunID] = []

        init() throws {
            experiments = try ExperimentStore.open(at: folder)
            let store = experiments.store
            let iris = DataUse(
                role: "train", name: "iris", contentID: String(repeating: "a", count: 64),
                schema: .record([]), lineage: .record([]))
            for (index, name) in ["<script>alert(1)</script>", "tuned", "long"].enumerated() {
                let id = try store.beginRun(
                    name: name, params: .record([("epochs", .number(10)), ("lr", .number(0.1 * Double(index + 1)))]),
                    modelSpec: nil, preprocessing: nil, data: index == 1 ? [iris] : [], source: "fit(model, train)")
                for epoch in 1...3 {
                    try store.appendEpoch(
                        id, epoch: epoch,
                        metrics: ["loss": 1 / Double(epoch + index), "accuracy": 0.5 + 0.1 * Double(index)])
                }
                if index < 2 {
                    try store.finishRun(
                        id, outcome: .completed,
                        metrics: ["loss": 0.3 - 0.1 * Double(index), "accuracy": 0.8 + 0.1 * Double(index)],
                        weights: nil, error: nil)
                }
                ids.append(id)
            }
            try store.tag(ids[1], "best")
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }

        func render(_ path: String, _ query: String? = nil) throws(DashboardError) -> DashboardPage {
            try DashboardRoute(path: path, query: query.map { Substring($0) }).render(experiments, canEdit: false)
        }
    }

    @Test("a run's name is shown as text on every page that shows it, never as markup")
    func escaping() throws {
        let fixture = try Fixture()
        for page in [try fixture.render("/runs"), try fixture.render("/runs/" + fixture.ids[0].rawValue)] {
            let document = page.document(section: "runs")
            #expect(document.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!document.contains("<script>alert"))
            // The one script is the dashboard's own, from this server.
            #expect(document.components(separatedBy: "<script").count == 2)
        }
    }

    @Test("the runs page sorts, filters and pages through the store")
    func runsPage() throws {
        let fixture = try Fixture()
        func rowIDs(_ query: String?) throws -> [String] {
            let main = try fixture.render("/runs", query).main
            return main.components(separatedBy: "<tr class=\"run\" data-id=\"").dropFirst().map {
                String($0.prefix(16))
            }
        }
        let ids = fixture.ids.map(\.rawValue)
        #expect(try rowIDs(nil) == ids.reversed())
        #expect(try rowIDs("sort=-accuracy") == [ids[1], ids[0], ids[2]])
        #expect(try rowIDs("sort=objective&objective=accuracy") == [ids[1], ids[0], ids[2]])
        #expect(try rowIDs("status=running") == [ids[2]])
        #expect(try rowIDs("tag=best") == [ids[1]])
        #expect(try rowIDs("name=TUN") == [ids[1]])
        #expect(try rowIDs("data=aaaa") == [ids[1]])
        #expect(try rowIDs("per=2") == [ids[2], ids[1]])
        #expect(try rowIDs("per=2&page=2") == [ids[0]])
        let running = try fixture.render("/runs", "status=running").main
        #expect(running.contains("epoch 3 of 10 · about"))
        #expect(try fixture.render("/runs", "name=nothing-like-it").main.contains("No runs match these filters."))
    }

    @Test(
        "a query that does not read names its field",
        arguments: [
            ("status=done", "status"), ("page=0", "page"), ("per=5000", "per"), ("sort=objective", "objective"),
            ("sort=bogus", "sort"), ("sort=objective&objective=nonsense", "objective"),
        ])
    func badQueries(_ query: String, _ field: String) throws {
        let fixture = try Fixture()
        #expect {
            try fixture.render("/runs", query)
        } throws: { error in
            guard case .badRequest(let named, _) = error as? DashboardError else { return false }
            return named == field
        }
    }

    @Test("unknown runs, sweeps, data versions and models are 404 pages")
    func notFound() throws {
        let fixture = try Fixture()
        for path in [
            "/runs/zzzzzzzz", "/sweeps/none", "/data/versions/ffff", "/data/tracked/ffff", "/serving/none", "/nope",
        ] {
            #expect(throws: DashboardError.self) { try fixture.render(path) }
            do {
                _ = try fixture.render(path)
            } catch {
                #expect(error.status == .notFound, "\(path)")
            }
        }
    }

    @Test("compare marks the fields that differ and overlays both runs' curves")
    func compare() throws {
        let fixture = try Fixture()
        let page = try fixture.render("/compare", "run=\(fixture.ids[0])&run=\(fixture.ids[1])")
        #expect(page.main.contains("<tr class=\"differs\"><td>≠</td><td>lr</td>"))
        #expect(page.main.contains("<svg"))
        #expect(throws: DashboardError.self) { try fixture.render("/compare", "run=\(fixture.ids[0])") }
    }

    @Test("a run page has its curves, params, data, cell and the line that restores it")
    func runPage() throws {
        let fixture = try Fixture()
        let id = fixture.ids[1].rawValue
        let main = try fixture.render("/runs/" + id).main
        #expect(main.contains("<code id=\"restore\">restore(run(\"\(id)\"))</code>"))
        #expect(main.contains("<div id=\"curves\"><svg"))
        #expect(main.contains("href=\"/data/versions/" + String(repeating: "a", count: 64) + "\""))
        #expect(main.contains("<pre id=\"source\">fit(model, train)</pre>"))
        #expect(main.contains("<td>lr</td><td>0.2</td>"))
    }

    @Test("a model's requests are counted in round intervals, every request in one bar")
    func servingFigures() throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        // 300 requests over 299 seconds: intervals of 10 s (the first round length >= 299/40).
        let records = (0..<300).map { second in
            PredictionRecord(
                time: start.addingTimeInterval(Double(second)), requestID: "r\(second)", model: "m",
                run: RunID(rawValue: "01abc"), inputs: "{}", outputs: "{}", latency: 0.002)
        }
        #expect(ServingPages.roundInterval(atLeast: 299.0 / 40) == 10)
        #expect(ServingPages.roundInterval(atLeast: 0.2) == 1)
        #expect(ServingPages.roundInterval(atLeast: 100_000) == 172_800)
        let (requests, _) = ServingPages.figures(records)
        guard case .bars(let chart) = requests.content else {
            Issue.record("requests are not bars: \(requests.content)")
            return
        }
        #expect(chart.values.count == 30)
        #expect(chart.values.allSatisfy { $0 == 10 })
        // The axis counts minutes; whole minutes are labelled (every sixth bar).
        #expect(requests.xLabel == "minutes since the first request")
        #expect(chart.labels.filter { !$0.isEmpty } == ["0", "1", "2", "3", "4"])
        #expect(chart.labels[6] == "1" && chart.labels[5].isEmpty)
        // 20 seconds of traffic: intervals of one second, labelled every five.
        let short = ServingPages.figures(Array(records.prefix(21)))
        guard case .bars(let bars) = short.requests.content else { return }
        #expect(bars.values.count == 21 && bars.values.reduce(0, +) == 21)
        #expect(bars.labels.filter { !$0.isEmpty } == ["0", "5", "10", "15", "20"])
    }

    @Test("two plots on one page do not share glyph or clip ids")
    func inlineSVG() throws {
        let fixture = try Fixture()
        let main = try fixture.render("/compare", "run=\(fixture.ids[0])&run=\(fixture.ids[1])").main
        let ids = main.components(separatedBy: " id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(Set(ids).count == ids.count)
        #expect(!main.contains("<?xml"))
    }

    @Test("query strings decode as forms send them; links encode what they carry")
    func queryText() throws {
        let items = try QueryItems("name=a+b%2Bc&run=1&run=&run=2&empty=")
        #expect(items["name"] == "a b+c" && items.all("run") == ["1", "2"] && items["empty"] == nil)
        #expect(throws: DashboardError.self) { try QueryItems("name=%FF") }
        #expect(HTML.url("/runs", [("name", "a b&c"), ("tag", "")]) == "/runs?name=a%20b%26c")
        #expect(HTML.segment("sweep/one two") == "sweep%2Fone%20two")
        let route = try DashboardRoute(path: "/sweeps/sweep%2Fone%20two", query: nil)
        #expect(route == .sweep("sweep/one two"))
    }

    @Test("server-sent events carry a page's HTML line by line")
    func eventFraming() {
        #expect(
            DashboardServer.event("update", "<p>a</p>\n<p>b</p>") == "event: update\ndata: <p>a</p>\ndata: <p>b</p>\n\n"
        )
    }

    @Test(
        "after signing in, only paths on this server are followed",
        arguments: [
            ("/runs/abc?x=1", "/runs/abc?x=1"), ("//evil.example/", "/runs"), ("https://evil.example/", "/runs"),
            ("/\\evil.example", "/runs"), (nil, "/runs"),
        ])
    func nextPath(_ given: String?, _ expected: String) {
        #expect(DashboardServer.next(given) == expected)
    }

    @Test("a store that cannot be opened is a page saying why, and is tried again")
    func unopenableStore() async throws {
        let attempts = Attempts()
        let store = DashboardStore { () throws(StoreError) in
            attempts.count += 1
            throw StoreError.noStore(path: "/nowhere")
        }
        for _ in 0..<2 {
            await #expect(throws: DashboardError.storeUnavailable(StoreError.noStore(path: "/nowhere").description)) {
                try await store.read { _ throws(DashboardError) in 1 }
            }
        }
        #expect(attempts.count == 2)
    }

    final class Attempts: @unchecked Sendable {
        var count = 0
    }
}
