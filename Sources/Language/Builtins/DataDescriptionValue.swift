import Data
import Render
import TextFormat

/// What `describe(ds)` returns: a table of per-column statistics and, for
/// classification, a table of the class balance. Members: `.columns` (a list of
/// records, one per column), `.balance` (a record of class name to row count), and
/// each column's record by its name: `describe(ds).income.mean` (`columns` and
/// `balance` win over columns of those names, which `.columns` still lists).
public final class DataDescriptionValue: NativeValue {
    public let description: DatasetDescription
    public let datasetName: String

    public init(_ description: DatasetDescription, datasetName: String) {
        self.description = description
        self.datasetName = datasetName
    }

    public var typeName: String { "description" }

    public var memberNames: [String] {
        ["columns", "balance"] + description.columns.map(\.name).filter { $0 != "columns" && $0 != "balance" }
    }

    public func member(named name: String) -> Value? {
        switch name {
        case "columns": return .list(description.columns.map { .record(record(of: $0)) })
        case "balance":
            return .record(Record(description.classBalance.map { ($0.name, .number(Double($0.count))) }))
        default:
            return description.columns.first { $0.name == name }.map { .record(record(of: $0)) }
        }
    }

    public var summary: String {
        "description of \(datasetName): \(description.columns.count) columns, \(description.rowCount) rows"
    }

    /// The statistics table, then the class balance table, in each form.
    public func display() -> MimeBundle {
        let tables = [statisticsTable()] + (description.classBalance.isEmpty ? [] : [balanceTable()])
        return MimeBundle(
            plain: tables.map { $0.plain() }.joined(separator: "\n\n"),
            extra: [
                "text/html": tables.map { $0.html() }.joined(separator: "\n"),
                "text/markdown": tables.map { $0.markdown() }.joined(separator: "\n\n"),
            ])
    }

    /// More feature columns than this and the table shows the first `previewColumns` of
    /// them (and the target): a bag of words has 20,000, an image hundreds. The value
    /// keeps every one (`.columns`, `describe(ds).name`).
    static let fullDisplayColumns = 100
    static let previewColumns = 50

    func statisticsTable() -> Table {
        let features = description.columns.filter { !$0.isTarget }
        let hidden = features.count > Self.fullDisplayColumns ? features.count - Self.previewColumns : 0
        let shown =
            hidden > 0
            ? Array(features.prefix(Self.previewColumns)) + description.columns.filter(\.isTarget)
            : description.columns
        let hasText = shown.contains {
            switch $0.kind {
            case .numeric: false
            case .categorical, .text: true
            }
        }
        var columns = ["column", "count", "missing", "mean", "std", "min", "max"]
        if hasText { columns += ["categories", "top"] }
        var rows = shown.map { column -> [String] in
            var cells = [
                column.isTarget ? column.name + " (target)" : column.name, "\(column.count)", "\(column.missing)",
            ]
            switch column.kind {
            case .numeric(let mean, let deviation, let minimum, let maximum):
                cells += [mean, deviation, minimum, maximum].map {
                    $0.map { NumberText.significant($0, digits: 5) } ?? ""
                }
                if hasText { cells += ["", ""] }
            case .categorical(let categories, let top, let topCount):
                cells += ["", "", "", "", "\(categories)", top.map { "\($0) (\(topCount))" } ?? ""]
            case .text(let distinct, let meanLength, let minimumLength, let maximumLength, let topTokens):
                // Text: its lengths in characters under mean/min/max, its distinct texts
                // and most frequent tokens under categories/top.
                cells += [
                    meanLength.map { NumberText.significant($0, digits: 5) + " chars" } ?? "", "",
                    minimumLength.map { "\($0)" } ?? "", maximumLength.map { "\($0)" } ?? "",
                    "text, \(distinct) distinct",
                    topTokens.map { "\($0.token) (\($0.count))" }.joined(separator: ", "),
                ]
            }
            return cells
        }
        if hidden > 0 { rows.insert(["..."], at: Self.previewColumns) }
        return Table(
            columns: columns, rows: rows,
            caption: "describe \(datasetName): \(description.rowCount) rows (std: population, as standardize)",
            footer: hidden > 0 ? "\(hidden) more columns not shown; describe(ds).columns lists them all" : nil)
    }

    func balanceTable() -> Table {
        let rows = description.classBalance.map { share in
            [share.name, "\(share.count)", NumberText.significant(share.fraction * 100, digits: 5) + "%"]
        }
        return Table(
            columns: ["class", "count", "share"], rows: rows, alignments: [.left, .right, .right],
            caption: "class balance")
    }

    private func record(of column: DatasetDescription.ColumnSummary) -> Record {
        var fields: [(String, Value)] = [
            ("name", .string(column.name)), ("target", .bool(column.isTarget)),
            ("count", .number(Double(column.count))),
            ("missing", .number(Double(column.missing))),
        ]
        func number(_ value: Double?) -> Value { value.map(Value.number) ?? .nil }
        switch column.kind {
        case .numeric(let mean, let deviation, let minimum, let maximum):
            // The extremes are cells, so they read as written (4.3, not 4.300000190734863).
            func cell(_ value: Double?) -> Value { number(value.map { DatasetValue.decimal(Float($0)) }) }
            fields += [
                ("mean", number(mean)), ("std", number(deviation)), ("min", cell(minimum)),
                ("max", cell(maximum)),
            ]
        case .categorical(let categories, let top, let topCount):
            fields += [
                ("categories", .number(Double(categories))), ("top", top.map(Value.string) ?? .nil),
                ("top_count", .number(Double(topCount))),
            ]
        case .text(let distinct, let meanLength, let minimumLength, let maximumLength, let topTokens):
            fields += [
                ("type", .string("text")), ("distinct", .number(Double(distinct))),
                ("mean_length", number(meanLength)), ("min_length", number(minimumLength.map(Double.init))),
                ("max_length", number(maximumLength.map(Double.init))),
                ("top_tokens", .list(topTokens.map { .string($0.token) })),
            ]
        }
        return Record(fields)
    }
}
