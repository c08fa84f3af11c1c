import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

/// What `importBundle` did.
public struct ImportReport: Sendable, Hashable {
    public var importedRuns: [RunID]
    /// Runs the store already had (same id), left as they were.
    public var skippedRuns: [RunID]
    public var newObjects: Int
}

/// Portable bundles: runs with everything they refer to, carried between stores as a
/// ustar archive holding `strata-bundle.json` (rows, as JSON) and then
/// `objects/sha256/ab/<62 hex>` (the objects, byte for byte). Docs/StoreFormat.md.
extension Store {
    static let bundleManifestName = "strata-bundle.json"

    /// Writes the runs `references` name (ids, prefixes or names), with their history,
    /// data versions, tags, artifacts and every object they refer to, to `file`.
    @discardableResult
    public func exportBundle(runs references: [String], to file: String) throws(StoreError) -> Int {
        var ids: [RunID] = []
        for reference in references {
            let id = try resolveRun(reference)
            if !ids.contains(id) { ids.append(id) }
        }
        let (document, objectIDs) = try bundleDocument(ids)
        let writer = try TarWriter(path: Store.absolute(file))
        try writer.add(name: Store.bundleManifestName, data: Data(document.json.utf8))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        for id in objectIDs.sorted() {
            // Only sound objects leave the store: a damaged one fails the export, naming it.
            try objects.check(id, buffer: buffer)
            let location = try objects.location(of: id)
            try writer.add(
                name: id.relativePath, file: location.path, offset: location.offset, size: location.length,
                buffer: buffer)
        }
        try writer.finish()
        return ids.count
    }

    private func bundleDocument(_ ids: [RunID]) throws(StoreError) -> (ParamValue, Set<ObjectID>) {
        try read { db in
            var runs: [ParamValue] = []
            var datasets: [String: ParamValue] = [:]
            var objectIDs = Set<ObjectID>()
            for id in ids {
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id.rawValue])
                else {
                    throw StoreError.unknownRun(id.rawValue)
                }
                let history = try Row.fetchAll(
                    db,
                    sql: "SELECT epoch, name, value, time_ms FROM metric_history WHERE run_id = ? ORDER BY epoch, name",
                    arguments: [id.rawValue]
                ).map { point -> ParamValue in
                    .record([
                        ("epoch", .number(Double(point["epoch"] as Int64))), ("name", .string(point["name"])),
                        ("value", (point["value"] as Double?).map(ParamValue.number) ?? .null),
                        ("time_ms", .number(Double(point["time_ms"] as Int64))),
                    ])
                }
                let data = try Row.fetchAll(
                    db, sql: "SELECT role, content_id FROM run_data WHERE run_id = ? ORDER BY rowid",
                    arguments: [id.rawValue]
                ).map { use -> ParamValue in
                    .record([("role", .string(use["role"])), ("content_id", .string(use["content_id"]))])
                }
                for version in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT s.name, v.content_id, v.schema, v.lineage, v.first_seen_ms, v.object_id FROM run_data d
                        JOIN dataset_versions v ON v.content_id = d.content_id JOIN datasets s ON s.id = v.dataset_id
                        WHERE d.run_id = ?
                        """, arguments: [id.rawValue])
                {
                    let object: String? = version["object_id"]
                    if let object = object.flatMap(ObjectID.init(hex:)) { objectIDs.insert(object) }
                    datasets[version["content_id"]] = .record([
                        ("name", .string(version["name"])), ("content_id", .string(version["content_id"])),
                        ("schema", ParamValue.parse(version["schema"]) ?? .null),
                        ("lineage", ParamValue.parse(version["lineage"]) ?? .null),
                        ("first_seen_ms", .number(Double(version["first_seen_ms"] as Int64))),
                        ("object_id", object.map(ParamValue.string) ?? .null),
                    ])
                }
                let tags = try String.fetchAll(
                    db, sql: "SELECT label FROM tags WHERE run_id = ? ORDER BY label",
                    arguments: [id.rawValue]
                ).map(ParamValue.string)
                let artifacts = try Store.artifacts(of: id, in: db).map { artifact -> ParamValue in
                    objectIDs.insert(artifact.object)
                    return .record([
                        ("name", .string(artifact.name)), ("object_id", .string(artifact.object.hex)),
                        ("media_type", .string(artifact.mediaType)),
                    ])
                }
                let weights: String? = row["weights"]
                if let weights = weights.flatMap(ObjectID.init(hex:)) { objectIDs.insert(weights) }
                func text(_ column: String) -> ParamValue { (row[column] as String?).map(ParamValue.string) ?? .null }
                func number(_ column: String) -> ParamValue {
                    (row[column] as Int64?).map { .number(Double($0)) } ?? .null
                }
                runs.append(
                    .record([
                        ("id", .string(id.rawValue)), ("name", text("name")), ("status", text("status")),
                        ("error", text("error")),
                        ("created_ms", number("created_ms")), ("ended_ms", number("ended_ms")),
                        ("source", text("source")),
                        ("params", ParamValue.parse(row["params"]) ?? .record([])),
                        ("metrics", ParamValue.parse(row["metrics"]) ?? .record([])), ("weights", text("weights")),
                        ("host", text("host")), ("pid", number("pid")), ("model_spec", text("model_spec")),
                        ("preprocessing", text("preprocessing")),
                        ("outcome", text("outcome")), ("outcome_epoch", number("outcome_epoch")),
                        ("outcome_batch", number("outcome_batch")), ("outcome_batches", number("outcome_batches")),
                        ("best_epoch", number("best_epoch")), ("history", .list(history)), ("data", .list(data)),
                        ("tags", .list(tags)), ("artifacts", .list(artifacts)),
                    ]))
            }
            let document = ParamValue.record([
                ("format", .string("strata-bundle")), ("version", .number(1)), ("runs", .list(runs)),
                ("datasets", .list(datasets.keys.sorted().map { datasets[$0]! })),
            ])
            return (document, objectIDs)
        }
    }
}
