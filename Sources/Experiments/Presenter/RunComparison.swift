import Render
import Store
import TextFormat

/// Runs side by side: their params (flattened: `optimizer.lr`, `layers[0]`), final
/// metrics, data versions, status, epochs trained and tags, `≠` marking every row whose
/// values differ. `compare()` in a notebook and `strata diff` in a terminal show this.
public struct RunComparison: Sendable {
    /// One run as the comparison reads it.
    public struct Run: Sendable {
        public var id: String
        public var name: String?
        public var params: ParamValue
        /// Final metrics, in the order the run computed them.
        public var metrics: [(name: String, value: Double)]
        /// Content ids by role.
        public var data: [(role: String, contentID: String)]
        public var status: String
        public var epochs: Int
        public var tags: [String]

        public init(
            id: String, name: String?, params: ParamValue, metrics: [(name: String, value: Double)],
            data: [(role: String, contentID: String)], status: String, epochs: Int, tags: [String]
        ) {
            self.id = id
            self.name = name
            self.params = params
            self.metrics = metrics
            self.data = data
            self.status = status
            self.epochs = epochs
            self.tags = tags
        }

        /// A stored run (final metrics in name order, as the store keeps them).
        public init(_ record: RunRecord) {
            self.init(
                id: record.id.rawValue, name: record.name, params: record.params,
                metrics: record.metrics.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                data: record.data.map { ($0.role, $0.contentID) }, status: RunPresenter.status(record.summary),
                epochs: record.history.count, tags: record.summary.tags)
        }
    }

    /// One row of the side-by-side table.
    public struct Row: Sendable, Equatable {
        public var field: String
        /// One cell per run, in order.
        public var values: [String]

        /// Whether the runs disagree on this field.
        public var differs: Bool { Set(values).count > 1 }
    }

    /// Each run's column heading: its name, with enough of its id to tell runs of the
    /// same name apart, or its id when it has no name.
    public let labels: [String]
    public let rows: [Row]

    public init(_ runs: [Run]) {
        labels = RunComparison.labels(of: runs)
        rows = RunComparison.rows(of: runs)
    }

    /// `comparison of 2 runs: 5 of 24 fields differ`.
    public var summary: String {
        let differing = rows.filter(\.differs).count
        let runCount = labels.count == 1 ? "1 run" : "\(labels.count) runs"
        return "comparison of \(runCount): \(differing) of \(rows.count) fields differ"
    }

    public var table: Table {
        let mark = RunPresenter.differenceMark
        return Table(
            columns: [mark, "field"] + labels,
            rows: rows.map { [$0.differs ? mark : "", $0.field] + $0.values },
            alignments: Array(repeating: .left, count: labels.count + 2),
            caption: summary + " (marked \(mark))")
    }

    static func labels(of runs: [Run]) -> [String] {
        let names = runs.map { $0.name ?? $0.id }
        var counts: [String: Int] = [:]
        for name in names { counts[name, default: 0] += 1 }
        // Ids share their leading (time) characters; show as many as tell them apart.
        let ids = runs.map(\.id)
        let longest = ids.map(\.count).max() ?? 8
        var length = min(8, longest)
        while Set(ids.map { $0.prefix(length) }).count < Set(ids).count, length < longest { length += 1 }
        return zip(runs, names).map { run, name in
            counts[name, default: 0] > 1 && run.name != nil ? "\(name) (\(run.id.prefix(length)))" : name
        }
    }

    static func rows(of runs: [Run]) -> [Row] {
        var order: [String] = []
        var seen = Set<String>()
        var cells: [[String: String]] = []
        func add(_ field: String, _ text: String, to table: inout [String: String]) {
            table[field] = text
            guard seen.insert(field).inserted else { return }
            // A field only a later run has (sgd's momentum) goes with its group (optimizer.*).
            let group = RunComparison.group(of: field)
            if let last = order.lastIndex(where: { RunComparison.group(of: $0) == group }) {
                order.insert(field, at: last + 1)
            } else {
                order.append(field)
            }
        }
        for run in runs {
            var table: [String: String] = [:]
            // The name is the column heading; tags have their own row.
            for (path, value) in run.params.flattened()
            where path != "name" && path != "tags" && !path.hasPrefix("tags[") {
                add(path, RunComparison.text(of: value), to: &table)
            }
            cells.append(table)
        }
        var rows = order.map { field in Row(field: field, values: cells.map { $0[field] ?? "" }) }
        var metricNames: [String] = []
        for run in runs { for (name, _) in run.metrics where !metricNames.contains(name) { metricNames.append(name) } }
        let finals = runs.map { Dictionary($0.metrics.map { ($0.name, $0.value) }) { first, _ in first } }
        for name in metricNames {
            rows.append(Row(field: "metric " + name, values: finals.map { $0[name].map(NumberText.metric) ?? "" }))
        }
        var roles: [String] = []
        for run in runs { for use in run.data where !roles.contains(use.role) { roles.append(use.role) } }
        for role in roles {
            rows.append(
                Row(
                    field: "data " + role,
                    values: runs.map { run in
                        run.data.first { $0.role == role }.map { String($0.contentID.prefix(12)) } ?? ""
                    }))
        }
        rows.append(Row(field: "status", values: runs.map(\.status)))
        rows.append(Row(field: "epochs trained", values: runs.map { "\($0.epochs)" }))
        rows.append(Row(field: "tags", values: runs.map { $0.tags.joined(separator: ", ") }))
        return rows
    }

    /// `optimizer` for `optimizer.lr`, `layers` for `layers[0]`.
    private static func group(of field: String) -> Substring {
        field.prefix { $0 != "." && $0 != "[" }
    }

    /// A flattened param as the language writes it: strings bare, `nil`, numbers in
    /// their shortest form, `[]` and `[:]` for empty lists and records.
    static func text(of value: ParamValue) -> String {
        switch value {
        case .null: return "nil"
        case .number(let number): return NumberText.shortest(number)
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .list(let items): return items.isEmpty ? "[]" : value.json
        case .record(let fields): return fields.isEmpty ? "[:]" : value.json
        }
    }
}
