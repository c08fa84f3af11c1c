import Data
import Foundation
import Store
import TextFormat

/// A served model's prediction log as a dataset, one row per predicted row: `time`
/// (ISO 8601, UTC, to the millisecond: text that sorts in time order), `request_id`, `latency` (seconds, the request's), the input
/// columns as the client sent them, and `prediction` (the label, or the value; a
/// model with several outputs per row gives `prediction_1`, `prediction_2`, ...).
public enum PredictionLogData {
    /// - Parameter preprocessing: the served run's, which says which inputs are
    ///   categories; without it a column of text is one.
    public static func dataset(_ records: [PredictionRecord], name: String, preprocessing: Preprocessing?) -> Dataset {
        var times: [String?] = [], latencies: [Float] = [], requestIDs: [String?] = []
        let raw = preprocessing?.rawColumns ?? []
        var inputOrder: [String] = raw.map(\.name)
        var inputs: [String: [ParamValue]] = [:]
        var predictions: [[ParamValue]] = []
        var rows = 0
        for record in records {
            guard case .record(let fields)? = ParamValue.parse(record.inputs) else { continue }
            let count = fields.first.map { if case .list(let items) = $0.1 { items.count } else { 0 } } ?? 0
            guard count > 0 else { continue }
            for (column, _) in fields where !inputOrder.contains(column) { inputOrder.append(column) }
            for column in inputOrder {
                var cells = inputs[column] ?? []
                cells.append(contentsOf: repeatElement(ParamValue.null, count: rows - cells.count))
                if case .list(let items)? = fields.first(where: { $0.0 == column })?.1, items.count == count {
                    cells.append(contentsOf: items)
                } else {
                    cells.append(contentsOf: repeatElement(ParamValue.null, count: count))
                }
                inputs[column] = cells
            }
            let outputs = ParamValue.parse(record.outputs)
            var predicted: [[ParamValue]] = []
            if case .list(let labels)? = outputs?["label"] {
                predicted = labels.map { [$0] }
            } else if case .list(let values)? = outputs?["predictions"] {
                predicted = values.map { if case .list(let row) = $0 { row } else { [$0] } }
            }
            for row in 0..<count { predictions.append(row < predicted.count ? predicted[row] : [.null]) }
            let stamp: String? = DateText.iso8601Milliseconds(record.time)
            times.append(contentsOf: repeatElement(stamp, count: count))
            latencies.append(contentsOf: repeatElement(Float(record.latency), count: count))
            requestIDs.append(contentsOf: repeatElement(Optional(record.requestID), count: count))
            rows += count
        }
        var columns: [Column] = [
            Column(name: "time", values: categorical(times)),
            Column(name: "request_id", values: categorical(requestIDs)),
            Column(name: "latency", values: .numeric(latencies)),
        ]
        for name in inputOrder {
            let values = inputs[name] ?? [ParamValue](repeating: .null, count: rows)
            let wanted = raw.first { $0.name == name }
            if wanted?.isText == true {
                let texts = values.map { value -> String in
                    switch value {
                    case .string(let text): text
                    case .null: ""
                    default: value.description
                    }
                }
                columns.append(Column(name: name, values: .text(texts)))
                continue
            }
            columns.append(Column(name: name, values: cells(values, categorical: wanted.map { $0.categories != nil })))
        }
        let width = predictions.map(\.count).max() ?? 1
        for index in 0..<width {
            let values = predictions.map { index < $0.count ? $0[index] : .null }
            let isLabel = preprocessing?.target?.classes != nil
            columns.append(
                Column(
                    name: width == 1 ? "prediction" : "prediction_\(index + 1)",
                    values: cells(values, categorical: isLabel ? true : nil)))
        }
        return Dataset(
            name: name, columns: columns, target: nil, rowCount: rows,
            lineage: Lineage(operation: "predictions", parameters: ["model": name]))
    }

    /// Cells as numbers, or as categories when told so or when any is text.
    static func cells(_ values: [ParamValue], categorical: Bool?) -> ColumnValues {
        let anyText = values.contains { if case .string = $0 { true } else { false } }
        if categorical ?? anyText {
            return self.categorical(
                values.map { value -> String? in
                    switch value {
                    case .string(let text): text
                    case .number(let n): n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : String(n)
                    default: nil
                    }
                })
        }
        return .numeric(values.map { if case .number(let n) = $0 { Float(n) } else { .nan } })
    }

    public static func categorical(_ texts: [String?]) -> ColumnValues {
        let categories = Array(Set(texts.compactMap { $0 })).sorted()
        let code = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, Int32($0)) })
        return .categorical(
            codes: texts.map { $0.map { code[$0]! } ?? ColumnValues.missingCode }, categories: categories)
    }
}
