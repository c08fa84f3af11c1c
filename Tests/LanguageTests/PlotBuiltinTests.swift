import Foundation
import Language
import Render
import Testing

/// The plot builtins end to end: a cell's result carries SVG, PNG and text. With
/// RENDER_SAMPLES naming a folder, the PNGs are written there to look at.
@Suite("Plot builtins")
struct PlotBuiltinTests {
    @Test(
        "each plot builtin's result displays as SVG, PNG and text",
        arguments: [
            ("scatter", "scatter(dataset(\"iris\"), x: \"petal_length\", y: \"petal_width\", color: \"species\")"),
            ("scatter_numeric", "scatter(dataset(\"diabetes\"), x: \"bmi\", y: \"bp\", color: \"progression\")"),
            ("hist", "hist(dataset(\"iris\"), \"sepal_length\")"),
            ("hist_classes", "hist(dataset(\"wine\"), target(dataset(\"wine\")))"),
            ("bar", "bar([\"sgd\", \"adam\", \"adamw\"], [0.91, 0.953, 0.96], title: \"accuracy\")"),
            (
                "heatmap",
                "heatmap([[48, 2, 0], [1, 45, 4], [0, 3, 47]], labels: [\"setosa\", \"versicolor\", \"virginica\"])"
            ),
            ("images", "images(dataset(\"digits\"), n: 24)"),
            (
                "plot_record",
                "plot([train: range(50).map { e in 2 / (1 + e) + 0.1 }, val: range(50).map { e in 2.2 / (1 + e) + 0.2 }], xlabel: \"epoch\", ylabel: \"loss\")"
            ),
            ("plot_log", "plot(range(1, 100).map { i in 10 ** (-i / 20) }, log: true)"),
        ])
    func bundle(name: String, source: String) throws {
        let session = Session(
            environment: SessionEnvironment(workingDirectory: FileManager.default.currentDirectoryPath))
        let result = session.execute(source, host: RecordingHost())
        if let error = result.error { Issue.record("\(name): \(error.message)"); return }
        let bundle = try #require(result.display)
        #expect(bundle.data["image/svg+xml"]?.contains("<svg") == true)
        #expect(!(bundle.data["image/svg+xml"] ?? "").contains("<script"))
        let png = try #require(bundle.data["image/png"].flatMap { Data(base64Encoded: $0) })
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // The text/plain fallback a console shows: one line saying what was drawn.
        let kinds = [
            "scatter": "scatter plot: ", "scatter_numeric": "scatter plot: ", "hist": "histogram: ",
            "hist_classes": "bar chart: 3 bars", "bar": "bar chart: 3 bars", "heatmap": "heatmap: 3x3, 0..48",
            "images": "images: 24 images of 8x8", "plot_record": "line plot: train (50 points",
            "plot_log": "line plot: ",
        ]
        #expect(bundle.plainText.contains(kinds[name] ?? "?"), "\(name): \(bundle.plainText)")
        #expect(!bundle.plainText.contains("\n"))
        if let folder = ProcessInfo.processInfo.environment["RENDER_SAMPLES"] {
            try png.write(to: URL(fileURLWithPath: folder + "/lang_\(name).png"))
        }
    }
}
