import JSON

/// What the model answered for one request: per row, the class with its
/// probabilities (classification) or the values (regression), as every endpoint and
/// the prediction log word it.
struct Answer: Sendable {
    let task: ServedModel.Task
    /// Row-major, `width` per row.
    let outputs: [Float]
    let rows: Int
    let width: Int

    init(model: ServedModel, outputs: [Float], rows: Int) {
        task = model.task
        self.outputs = outputs
        self.rows = rows
        width = model.outputWidth
    }

    /// Each row's most probable class (the first of equals, as `predict`).
    var labels: [String]? {
        guard case .classification(let classes) = task else { return nil }
        return (0..<rows).map { row in
            var best = 0
            for k in 1..<width where outputs[row * width + k] > outputs[row * width + best] { best = k }
            return classes[best]
        }
    }

    /// The outputs as the prediction log keeps them: `{"label": [...], "probabilities":
    /// [[...], ...]}` or `{"predictions": [...]}`.
    var logJSON: String {
        var writer = JSONWriter(reservingCapacity: 32 + rows * width * 12)
        if let labels {
            writer.write(raw: "{\"label\":")
            writeStrings(labels, into: &writer)
            writer.write(raw: ",\"probabilities\":")
            writeRows(into: &writer)
        } else {
            writer.write(raw: "{\"predictions\":")
            writeRows(into: &writer)
        }
        writer.write(raw: "}")
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// `[[p, ...], ...]`, or `[v, ...]` for one value per row of a regression.
    func writeRows(into writer: inout JSONWriter) {
        let flat = width == 1 && labels == nil
        writer.write(raw: "[")
        for row in 0..<rows {
            if row > 0 { writer.write(raw: ",") }
            if !flat { writer.write(raw: "[") }
            for k in 0..<width {
                if k > 0 { writer.write(raw: ",") }
                writer.write(float: outputs[row * width + k])
            }
            if !flat { writer.write(raw: "]") }
        }
        writer.write(raw: "]")
    }

    /// Every output value in row-major order, as a flat JSON array.
    func writeFlat(into writer: inout JSONWriter) {
        writer.write(raw: "[")
        for (index, value) in outputs.enumerated() {
            if index > 0 { writer.write(raw: ",") }
            writer.write(float: value)
        }
        writer.write(raw: "]")
    }

    func writeStrings(_ strings: [String], into writer: inout JSONWriter) {
        writer.write(raw: "[")
        for (index, text) in strings.enumerated() {
            if index > 0 { writer.write(raw: ",") }
            writer.write(string: text)
        }
        writer.write(raw: "]")
    }
}
