import Foundation
import GRDB

/// Labels datasets (`label`, `labels`): each click is a new version, recorded like any
/// dataset version (a `dataset_versions` row whose lineage operation is `label`, and
/// the version's bytes as its object), so `datasets()` lists them and a crash loses
/// nothing already clicked. Docs/StoreFormat.md ("Labels") is the format.
extension Store {
    /// The lineage operation that marks a dataset version as a labels version.
    static let labelOperation = "label"

    /// How often `saveLabel` reads the labels again after another writer added a
    /// version first, before giving up.
    static let labelRetries = 8

    /// The labels named `name` as their newest version holds them; an empty set when
    /// there is none yet.
    /// - Throws: `.invalidLabels` or `.objectMissing` when a version cannot be read.
    public func labelSet(named name: String) throws(StoreError) -> LabelSet {
        guard let head = try read({ db in try Store.labelHead(named: name, in: db) }) else {
            return LabelSet(name: name)
        }
        // Walk back to the newest snapshot, then replay the changes forwards.
        var versions: [(LabelVersion, ObjectID)] = []
        var next: ObjectID? = head
        while let id = next {
            let version = try LabelVersion.decode(try object(id), id: id)
            if let newer = versions.last?.0, version.revision != newer.revision - 1 {
                throw .invalidLabels(
                    id, reason: "revision \(version.revision) is the parent of revision \(newer.revision)")
            }
            versions.append((version, id))
            if case .change(_, let parent) = version.body { next = parent } else { next = nil }
        }
        var set = LabelSet(name: name)
        for (version, id) in versions.reversed() { set.advance(to: version, id: id) }
        return set
    }

    /// The names of the labels datasets in the store, sorted.
    public func labelSetNames() throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT s.name FROM dataset_versions v JOIN datasets s ON s.id = v.dataset_id
                    WHERE json_extract(v.lineage, '$.operation') = ? ORDER BY s.name
                    """, arguments: [Store.labelOperation])
        }
    }

    /// Records that the item with bytes `item` is in class `label`, as a new version of
    /// `set`; returns the set with it. Durable before it returns: the item, the schema
    /// and the version are objects before the row that names the version is committed.
    ///
    /// When another writer (a second kernel labelling under the same name) has added a
    /// version since `set` was read, the newest labels are read again and the label is
    /// given on top of them, so neither writer's labels are lost.
    /// - Parameters:
    ///   - schema: the bytes describing the items' columns, stored once.
    ///   - classes: the classes offered now, recorded with the version.
    public func saveLabel(
        _ label: String, item: Data, schema: Data, classes: [String],
        to set: LabelSet
    ) throws(StoreError) -> LabelSet {
        let itemID = try putObject(item)
        let schemaID = try putObject(schema)
        let entry = LabelEntry(item: itemID, label: label)
        var base = set
        for _ in 0..<Store.labelRetries {
            var next = base
            next.apply(entry)
            let body: LabelVersion.Body
            if let parent = base.head, !base.nextIsSnapshot {
                body = .change(entry, parent: parent)
            } else {
                body = .snapshot(next.entries)
            }
            let version = LabelVersion(
                name: set.name, revision: base.revision + 1, classes: classes,
                schema: schemaID, body: body)
            let versionID = try putObject(version.encoded())
            let use = DataUse(
                role: "", name: set.name, contentID: versionID.hex,
                schema: Store.labelSchema(classes: classes, labelled: next.count),
                lineage: Store.labelLineage(version, parent: base.head), object: versionID)
            let expected = base.head
            let now = Store.nowMilliseconds()
            // Compare and record in one (immediate) transaction, so two writers can never
            // both build on the same head.
            let recorded = try write { db -> Bool in
                guard try Store.labelHead(named: set.name, in: db) == expected else { return false }
                try Store.recordDatasetVersion(use, in: db, now: now)
                return true
            }
            if recorded {
                var saved = base
                saved.advance(to: version, id: versionID)
                return saved
            }
            base = try labelSet(named: set.name)
        }
        throw .database("labels '\(set.name)' kept changing under another writer; the label was not saved")
    }

    /// The newest labels version of `name`: the last recorded, since each is recorded
    /// only on top of the one before.
    static func labelHead(named name: String, in db: Database) throws -> ObjectID? {
        let text = try String.fetchOne(
            db,
            sql: """
                SELECT v.object_id FROM dataset_versions v JOIN datasets s ON s.id = v.dataset_id
                WHERE s.name = ? AND json_extract(v.lineage, '$.operation') = ? AND v.object_id IS NOT NULL
                ORDER BY v.rowid DESC LIMIT 1
                """, arguments: [name, Store.labelOperation])
        return text.flatMap(ObjectID.init(hex:))
    }

    /// What `datasets()` shows as the version's schema.
    private static func labelSchema(classes: [String], labelled: Int) -> ParamValue {
        .record([
            ("kind", .string("labels")), ("classes", .list(classes.map(ParamValue.string))),
            ("labelled", .number(Double(labelled))),
        ])
    }

    /// The lineage every dataset version carries: the operation, its parameters as
    /// text, and the parent version.
    private static func labelLineage(_ version: LabelVersion, parent: ObjectID?) -> ParamValue {
        let parameters: ParamValue = .record([
            ("name", .string(version.name)), ("revision", .string(String(version.revision))),
        ])
        return .record([
            ("operation", .string(labelOperation)), ("parameters", parameters),
            ("parents", .list(parent.map { [.string($0.hex)] } ?? [])), ("sources", .list([])),
        ])
    }

    /// The objects labels versions name (their schemas and items), as references for
    /// `verify` and `gc`, and the versions that could not be read.
    func labelReferences() throws(StoreError) -> (references: [Reference], problems: [String]) {
        let versions = try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT object_id FROM dataset_versions
                    WHERE object_id IS NOT NULL AND json_extract(lineage, '$.operation') = ?
                    """, arguments: [Store.labelOperation])
        }
        var seen = Set<ObjectID>()
        var references: [Reference] = []
        var problems: [String] = []
        for id in versions.compactMap(ObjectID.init(hex:)) where objects.contains(id) {
            do throws(StoreError) {
                let version = try LabelVersion.decode(try object(id), id: id)
                for referenced in version.referencedObjects where seen.insert(referenced).inserted {
                    references.append(
                        Reference(
                            object: referenced,
                            holder: "labels '\(version.name)' (version \(id.short))"))
                }
            } catch {
                problems.append(error.description)
            }
        }
        return (references, problems)
    }
}
