import Data
import Experiments
import Ingest
import Render
import TextFormat

/// What `ingest` returns (`type(r)` is `"ingest"`): a row per file or URL, shown as a
/// table. `for row in r` visits records with fields `source`, `file`, `status`
/// (`"fetched"`, `"unchanged"`, `"skipped"`, `"failed"`), `bytes`, `sha256`, `etag`,
/// `last_modified`, `reason` and `attempts`; `.rows` is the same as a dataset (for
/// `filter`, `head`, `to_csv`). Fields `.folder`, `.version` (the tracked version of the
/// folder, as `track` gives it), `.fetched`, `.unchanged`, `.skipped`, `.failed`
/// (counts) and `.pages` (pages a crawl read for links).
public final class IngestValue: NativeValue {
    public let report: IngestReport
    public let version: String

    /// Rows the table shows; the rest are counted under it.
    static let shownRows = 50

    init(report: IngestReport, version: String) {
        self.report = report
        self.version = version
    }

    public var typeName: String { "ingest" }

    public var memberNames: [String] {
        ["folder", "version", "rows", "pages"] + IngestRow.Status.allCases.map(\.rawValue)
    }

    public func member(named name: String) -> Value? {
        switch name {
        case "folder": return .string(report.folder)
        case "version": return .string(version)
        case "rows": return .native(DatasetValue(dataset))
        case "pages": return .number(Double(report.pagesRead))
        default:
            return IngestRow.Status(rawValue: name).map { .number(Double(report.count($0))) }
        }
    }

    public var length: Int? { report.rows.count }

    public func elements() -> [Value]? {
        report.rows.map { row in
            .record(
                Record([
                    ("source", .string(row.source)), ("file", row.file.map(Value.string) ?? .nil),
                    ("status", .string(row.status.rawValue)), ("bytes", row.bytes.map { .number(Double($0)) } ?? .nil),
                    ("sha256", row.sha256.map(Value.string) ?? .nil), ("etag", row.etag.map(Value.string) ?? .nil),
                    ("last_modified", row.lastModified.map(Value.string) ?? .nil),
                    ("reason", row.reason.map(Value.string) ?? .nil), ("attempts", .number(Double(row.attempts))),
                ]))
        }
    }

    /// `ingested into /data/pets: 12 fetched, 3 unchanged, 1 skipped, 1 failed; version 3f2a9c01d4e5`.
    public var summary: String {
        "ingested into \(report.folder): \(report.tally); version \(version.prefix(12))"
    }

    public func display() -> MimeBundle {
        let rows = report.rows.prefix(IngestValue.shownRows).map { row in
            [
                row.source, row.file ?? "", row.status.rawValue, row.bytes.map { String($0) } ?? "",
                row.sha256.map { String($0.prefix(12)) } ?? "", row.reason ?? "",
            ]
        }
        let hidden = report.rows.count - rows.count
        let footer = hidden > 0 ? "... \(hidden) more rows (all of them in .rows)" : nil
        return Table(
            columns: ["source", "file", "status", "bytes", "sha256", "reason"], rows: Array(rows),
            alignments: [.left, .left, .left, .right, .left, .left], caption: summary, footer: footer
        ).bundle()
    }

    /// The rows as a dataset of text columns and two numeric ones (`bytes`, `attempts`).
    var dataset: Dataset {
        let rows = report.rows
        func text(_ name: String, _ value: (IngestRow) -> String?) -> Column {
            Column(name: name, values: PredictionLogData.categorical(rows.map(value)))
        }
        let columns = [
            text("source") { $0.source }, text("file") { $0.file }, text("status") { $0.status.rawValue },
            Column(name: "bytes", values: .numeric(rows.map { $0.bytes.map(Float.init) ?? .nan })),
            text("sha256") { $0.sha256 }, text("etag") { $0.etag }, text("last_modified") { $0.lastModified },
            text("reason") { $0.reason }, Column(name: "attempts", values: .numeric(rows.map { Float($0.attempts) })),
        ]
        return Dataset(
            name: "ingest", columns: columns, target: nil, rowCount: rows.count,
            lineage: Lineage(operation: "ingest", parameters: ["folder": report.folder, "version": version]))
    }
}
