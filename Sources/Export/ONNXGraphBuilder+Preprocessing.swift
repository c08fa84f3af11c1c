import Data

// The run's numeric preprocessing as the graph's first nodes, so the file takes
// features as loaded. Each step acts on the numeric feature positions it names and
// leaves every other position (one-hot parts, columns it does not list) as it is:
//
//   fillna          Where(IsNaN(x), fills, x)       fills: the value per position, NaN
//                                                   where the step fills nothing
//   standardize,    Cast(Sub(Cast(x, double), offsets) * factors, float)
//   minmax          in double, as `ColumnScaling.Column.apply` computes, so the file
//                   rounds once to float exactly where Strata does
//
// Category fills are not folded: the input is already one-hot, and a missing category
// is all zeros there, as an unseen one. The preprocessing JSON in the metadata keeps them.
// Neither is `vectorize`: standard ONNX has no tokenizer, so such a file takes the token
// ids or the bag of words, and its metadata holds the vocabulary and idf weights that
// make them (`strata serve` runs the tokenizer itself and takes raw text).

extension ONNXGraphBuilder {
    /// Adds the numeric steps of `preprocessing` after `input` (samples of `sampleShape`,
    /// whose flat positions are the feature columns in order) and returns the result.
    mutating func preprocessing(
        _ preprocessing: Preprocessing, input: String,
        sampleShape: [Int]
    ) throws(ExportError) -> String {
        let layout = FeatureLayout(preprocessing.columns)
        let features = sampleShape.reduce(1, *)
        guard layout.names.count == features else {
            throw .schemaMismatch(features: layout.names.count, sampleShape: sampleShape)
        }
        var x = input
        for (index, step) in preprocessing.steps.enumerated() {
            let prefix = "preprocess\(index)_\(step.operation)"
            switch step {
            case .standardize(let scaling), .minmax(let scaling):
                var offsets = [Double](repeating: 0, count: features)
                var factors = [Double](repeating: 1, count: features)
                var touched = false
                for column in scaling.columns {
                    guard let position = layout.numericPosition[column.name] else { continue }
                    offsets[position] = column.offset
                    // As ColumnScaling.Column.apply: a constant column is only shifted.
                    factors[position] = column.scale > 0 && column.scale.isFinite ? 1 / column.scale : 1
                    touched = true
                }
                guard touched else { continue }
                let wide = node(
                    "Cast", [x], name: prefix, attributes: [.int("to", Onnx_TensorProto.DataType.double.rawValue)])
                let shifted = node(
                    "Sub", [wide, constant(prefix + "_offset", doubles: offsets, shape: sampleShape)],
                    name: prefix)
                let scaled = node(
                    "Mul", [shifted, constant(prefix + "_factor", doubles: factors, shape: sampleShape)],
                    name: prefix)
                x = node(
                    "Cast", [scaled], name: prefix, attributes: [.int("to", Onnx_TensorProto.DataType.float.rawValue)])
            case .fill(let fills):
                var values = [Float](repeating: .nan, count: features)
                var touched = false
                for entry in fills.values.entries {
                    guard case .number(let number) = entry.fill, let position = layout.numericPosition[entry.column]
                    else {
                        continue
                    }
                    values[position] = number
                    touched = true
                }
                guard touched else { continue }
                let missing = node("IsNaN", [x], name: prefix)
                x = node(
                    "Where", [missing, constant(prefix + "_value", floats: values, shape: sampleShape), x],
                    name: prefix)
            case .vectorize:
                continue
            }
        }
        return x
    }
}

/// Where each column's features sit in the feature vector (Data's `FeatureMatrix`
/// layout): a numeric column one position, a categorical column one per category,
/// named `column=category`.
struct FeatureLayout {
    /// One name per position.
    var names: [String] = []
    /// The position of each numeric column, by name.
    var numericPosition: [String: Int] = [:]

    init(_ columns: [Preprocessing.InputColumn]) {
        for column in columns {
            if let categories = column.categories {
                names += categories.map { column.name + "=" + $0 }
            } else {
                numericPosition[column.name] = names.count
                names.append(column.name)
            }
        }
    }
}
