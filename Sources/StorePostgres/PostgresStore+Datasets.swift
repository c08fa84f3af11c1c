import Foundation
import PostgresNIO
import Store

/// Dataset versions, as the local store lists them (`Store.datasets()`): newest first,
/// each with the number of runs that used it.
extension PostgresStore {
    public func datasets() throws(StoreError) -> [DatasetVersion] {
        try bridge.rows(
            """
            SELECT s.name, v.content_id, v.schema, v.lineage, v.object_id, v.first_seen_ms,
                   (SELECT count(*) FROM run_data d WHERE d.content_id = v.content_id) AS uses
            FROM dataset_versions v JOIN datasets s ON s.id = v.dataset_id
            ORDER BY v.first_seen_ms DESC, s.name
            """
        ).map { row throws(StoreError) in
            try PostgresStore.decode(row, offset: 0) { columns in
                DatasetVersion(
                    name: try columns[0].decode(String.self), contentID: try columns[1].decode(String.self),
                    schema: ParamValue.parse(try columns[2].decode(String.self)) ?? .null,
                    lineage: ParamValue.parse(try columns[3].decode(String.self)) ?? .null,
                    object: try columns[4].decode(String?.self).flatMap(ObjectID.init(hex:)),
                    firstSeen: Date(milliseconds: try columns[5].decode(Int64.self)),
                    runCount: Int(try columns[6].decode(Int64.self)))
            }
        }
    }
}
