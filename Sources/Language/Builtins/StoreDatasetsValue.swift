import Foundation
import Render
import Store
import TextFormat

/// What `datasets()` returns: the dataset versions the store has seen, newest first.
/// Shown as a table; `for v in datasets()` visits one record per version with fields
/// `name`, `version`, `first_seen`, `runs`, `schema`, `lineage`.
public final class StoreDatasetsValue: NativeValue {
    public let versions: [DatasetVersion]

    public init(_ versions: [DatasetVersion]) {
        self.versions = versions
    }

    public var typeName: String { "datasets" }

    public var length: Int? { versions.count }

    public var summary: String {
        versions.count == 1 ? "1 dataset version" : "\(versions.count) dataset versions"
    }

    public func elements() -> [Value]? {
        versions.map { version in
            .record(
                Record([
                    ("name", .string(version.name)), ("version", .string(version.contentID)),
                    ("first_seen", .string(DateText.local(version.firstSeen))),
                    ("runs", .number(Double(version.runCount))),
                    ("schema", StoreDatasetsValue.value(version.schema)),
                    ("lineage", StoreDatasetsValue.value(version.lineage)),
                ]))
        }
    }

    public func display() -> MimeBundle {
        guard !versions.isEmpty else { return MimeBundle(plain: "no dataset versions in the store yet") }
        let rows = versions.map { version in
            [
                version.name, String(version.contentID.prefix(16)), DateText.local(version.firstSeen),
                "\(version.runCount)",
            ]
        }
        return Table(columns: ["dataset", "version", "first seen", "runs"], rows: rows, caption: summary).bundle()
    }

    /// A stored JSON value as a Strata value (records keep their order).
    static func value(_ param: ParamValue) -> Value {
        switch param {
        case .number(let number): return .number(number)
        case .string(let text): return .string(text)
        case .bool(let flag): return .bool(flag)
        case .null: return .nil
        case .list(let items): return .list(items.map(value))
        case .record(let fields): return .record(Record(fields.map { ($0.0, value($0.1)) }))
        }
    }
}
