import Experiments
import Foundation
import Learn
import Render
import TextFormat

extension RunValue {
    /// Status and key metrics as a table, with the learning curves under it in HTML.
    public func display() -> MimeBundle {
        let table = metricsTable
        var html = table.html()
        var extra: [String: String] = ["text/markdown": table.markdown()]
        let curves = LearningCurves.render(epochs, metrics: metrics)
        if let curves {
            html += "\n" + LearningCurves.htmlImage(curves, alt: "learning curves")
            extra["image/png"] = curves.data["image/png"]
            extra["image/svg+xml"] = curves.data["image/svg+xml"]
        }
        extra["text/html"] = html
        return MimeBundle(plain: table.plain(), extra: extra, metadata: curves?.metadata ?? [:])
    }

    /// `run 01jq3m5x7k4f8h "iris-mlp": finished, 60 epochs`.
    public var summary: String { headline }

    var headline: String {
        var text = "run \(id)"
        if let name { text += " \(Value.quote(name))" }
        text += ": \(status.rawValue), \(epochs.count) epoch\(epochs.count == 1 ? "" : "s")"
        if let stopNote { text += " (\(stopNote))" }
        return text
    }

    /// The final metrics, training and validation side by side.
    var metricsTable: Table {
        let final = Dictionary(finalMetrics.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        let hasValidation = final["val_loss"] != nil
        let names = ["loss"] + metrics.map(\.rawValue)
        let rows = names.map { name -> [String] in
            var row = [name, final[name].map(NumberText.metric) ?? ""]
            if hasValidation { row.append(final["val_" + name].map(NumberText.metric) ?? "") }
            return row
        }
        var footer = "data: " + data.map { "\($0.role) \($0.contentID.prefix(12))" }.joined(separator: ", ")
        if !tags.isEmpty { footer += "; tags: " + tags.joined(separator: ", ") }
        return Table(
            columns: hasValidation ? ["metric", "train", "val"] : ["metric", "train"], rows: rows,
            caption: headline, footer: footer)
    }

}
