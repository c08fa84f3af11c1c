import Learn
import Render

/// A model's layers as Keras' `summary()` lists them: layer, output shape, parameters,
/// and the total. A notebook's model value and the dashboard's run page show this table.
public enum ModelSummaryTable {
    /// The summary as a table: one row per layer, then the total.
    public static func table(of model: Sequential) -> Table {
        let rows = zip(model.specs, model.summary()).map { spec, row -> [String] in
            let shape = row.outputShape.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" } ?? "?"
            return [spec.description, shape, row.parameterCount.map(grouped) ?? "?"]
        }
        let caption: String
        let footer: String
        if let count = model.parameterCount, let input = model.sampleShape {
            caption = "sequential model for samples of shape [" + input.map(String.init).joined(separator: ", ") + "]"
            footer = "total: \(grouped(count)) trainable parameters"
        } else {
            caption = "sequential model (not built yet: shapes are inferred from the data at the first fit)"
            footer = "total: ? (known after the first fit)"
        }
        return Table(
            columns: ["layer", "output shape", "parameters"], rows: rows,
            alignments: [.left, .left, .right], caption: caption, footer: footer)
    }

    /// `101,770`: digits grouped by thousands, as Keras prints parameter counts.
    public static func grouped(_ count: Int) -> String {
        let digits = String(count)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return out
    }
}
