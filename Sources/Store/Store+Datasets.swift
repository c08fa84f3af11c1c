import Foundation
import GRDB

/// One dataset version as `datasets()` lists it.
public struct DatasetVersion: Sendable, Hashable {
    public var name: String
    public var contentID: String
    public var schema: ParamValue
    public var lineage: ParamValue
    /// The object with the version's canonical bytes, when stored.
    public var object: ObjectID?
    public var firstSeen: Date
    /// How many runs used this version.
    public var runCount: Int

    package init(
        name: String, contentID: String, schema: ParamValue, lineage: ParamValue, object: ObjectID?,
        firstSeen: Date, runCount: Int
    ) {
        self.name = name
        self.contentID = contentID
        self.schema = schema
        self.lineage = lineage
        self.object = object
        self.firstSeen = firstSeen
        self.runCount = runCount
    }
}

/// Dataset versions: recorded the first time a run (or a loader) uses one.
extension Store {
    /// Records a dataset version if the store has not seen it; a known one is left as
    /// it was (its first-seen time stays).
    public func recordDatasetVersion(_ use: DataUse) throws(StoreError) {
        let now = Store.nowMilliseconds()
        try write { db in try Store.recordDatasetVersion(use, in: db, now: now) }
    }

    static func recordDatasetVersion(_ use: DataUse, in db: Database, now: Int64) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO datasets (name, created_ms) VALUES (?, ?)", arguments: [use.name, now])
        let datasetID = try Int64.fetchOne(db, sql: "SELECT id FROM datasets WHERE name = ?", arguments: [use.name])
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO dataset_versions (content_id, dataset_id, schema, lineage, first_seen_ms, object_id)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [use.contentID, datasetID, use.schema.json, use.lineage.json, now, use.object?.hex])
        if let object = use.object {
            // A version first recorded without its bytes gains them later.
            try db.execute(
                sql: "UPDATE dataset_versions SET object_id = ? WHERE content_id = ? AND object_id IS NULL",
                arguments: [object.hex, use.contentID])
        }
    }

    /// Every dataset version the store has seen, newest first.
    public func datasets() throws(StoreError) -> [DatasetVersion] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.name, v.content_id, v.schema, v.lineage, v.object_id, v.first_seen_ms,
                           (SELECT count(*) FROM run_data d WHERE d.content_id = v.content_id) AS uses
                    FROM dataset_versions v JOIN datasets s ON s.id = v.dataset_id
                    ORDER BY v.first_seen_ms DESC, s.name
                    """
            ).map { row in
                let seen: Int64 = row["first_seen_ms"]
                return DatasetVersion(
                    name: row["name"], contentID: row["content_id"],
                    schema: ParamValue.parse(row["schema"]) ?? .null,
                    lineage: ParamValue.parse(row["lineage"]) ?? .null,
                    object: (row["object_id"] as String?).flatMap(ObjectID.init(hex:)),
                    firstSeen: Date(milliseconds: seen), runCount: row["uses"])
            }
        }
    }
}
