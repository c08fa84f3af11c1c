import Digest
import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

extension Store {
    /// Reads a bundle written by `exportBundle`: every object is checked against its
    /// name and made durable before any row that refers to it is inserted; runs the
    /// store already has are skipped. Nothing is inserted if anything is wrong.
    public func importBundle(_ file: String) throws(StoreError) -> ImportReport {
        var reader = try TarReader(path: Store.absolute(file))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        guard let first = try reader.next(), first.name == Store.bundleManifestName, first.size < 1 << 31 else {
            throw .invalidBundle("it does not start with \(Store.bundleManifestName)")
        }
        var json = Data()
        try reader.read(size: first.size, buffer: buffer) { json.append(contentsOf: $0) }
        guard let document = ParamValue.parse(String(decoding: json, as: UTF8.self)),
            document["format"] == .string("strata-bundle"), document["version"] == .number(1),
            case .list(let runs)? = document["runs"], case .list(let datasets)? = document["datasets"]
        else {
            throw .invalidBundle("\(Store.bundleManifestName) is not a version 1 bundle document")
        }
        var staged: [ObjectStore.Ingested] = []
        do throws(StoreError) {
            while let member = try reader.next() {
                let hex = member.name.replacingOccurrences(of: "objects/sha256/", with: "").replacingOccurrences(
                    of: "/", with: "")
                guard member.name.hasPrefix("objects/sha256/"), let id = ObjectID(hex: hex),
                    member.name == id.relativePath
                else {
                    throw StoreError.invalidBundle("unexpected member '\(member.name)'")
                }
                staged.append(try stageImported(id, size: member.size, reader: reader, buffer: buffer))
            }
        } catch {
            for item in staged { if let path = item.staged { unlink(path) } }
            throw error
        }
        let newObjects = try objects.commit(staged)
        let (imported, skipped) = try write { db in try Store.insertBundleRows(runs: runs, datasets: datasets, in: db) }
        return ImportReport(importedRuns: imported, skippedRuns: skipped, newObjects: newObjects)
    }

    private func stageImported(
        _ id: ObjectID, size: Int64, reader: borrowing TarReader,
        buffer: UnsafeMutableRawBufferPointer
    ) throws(StoreError) -> ObjectStore.Ingested {
        let staged = try objects.temporaryFile()
        let out = try FileIO.open(staged, O_WRONLY | O_CREAT | O_EXCL, mode: 0o444, action: "create object file")
        var hasher = SHA256Hasher()
        do throws(StoreError) {
            defer { close(out) }
            try reader.read(size: size, buffer: buffer) { (piece) throws(StoreError) in
                hasher.update(piece)
                try FileIO.writeAll(out, piece, path: staged)
            }
        } catch {
            unlink(staged)
            throw error
        }
        let actual = hasher.finalizeHex()
        guard actual == id.hex else {
            unlink(staged)
            throw .invalidBundle("object \(id) in the bundle is corrupt: its content hashes to \(actual)")
        }
        if objects.freshen(id) {
            unlink(staged)
            return ObjectStore.Ingested(id: id, staged: nil)
        }
        return ObjectStore.Ingested(id: id, staged: staged)
    }

    static func insertBundleRows(runs: [ParamValue], datasets: [ParamValue], in db: Database) throws
        -> ([RunID], [RunID])
    {
        func text(_ value: ParamValue?) -> String? {
            if case .string(let text)? = value { return text } else { return nil }
        }
        func integer(_ value: ParamValue?) -> Int64? {
            if case .number(let n)? = value { return Int64(n) } else { return nil }
        }
        for version in datasets {
            guard let name = text(version["name"]), let content = text(version["content_id"]) else {
                throw StoreError.invalidBundle("a dataset version lacks its name or content id")
            }
            let use = DataUse(
                role: "", name: name, contentID: content, schema: version["schema"] ?? .null,
                lineage: version["lineage"] ?? .null, object: text(version["object_id"]).flatMap(ObjectID.init(hex:)))
            try recordDatasetVersion(use, in: db, now: integer(version["first_seen_ms"]) ?? nowMilliseconds())
        }
        var imported: [RunID] = []
        var skipped: [RunID] = []
        for run in runs {
            guard let id = text(run["id"]), let status = text(run["status"]), let created = integer(run["created_ms"])
            else {
                throw StoreError.invalidBundle("a run lacks its id, status or creation time")
            }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [id]) == true {
                skipped.append(RunID(rawValue: id))
                continue
            }
            // Bundles from schema 3 stores have no outcome or model spec: the outcome is
            // derived below as the migration derives it, the spec by the experiments layer.
            try db.execute(
                sql: """
                    INSERT INTO runs (id, name, status, error, created_ms, ended_ms, source, params, metrics, weights, host, pid,
                                      model_spec, preprocessing, outcome, outcome_epoch, outcome_batch, outcome_batches, best_epoch)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, text(run["name"]), status, text(run["error"]), created, integer(run["ended_ms"]),
                    text(run["source"]) ?? "", (run["params"] ?? .record([])).json,
                    (run["metrics"] ?? .record([])).json, text(run["weights"]), text(run["host"]),
                    integer(run["pid"]), text(run["model_spec"]), text(run["preprocessing"]), text(run["outcome"]),
                    integer(run["outcome_epoch"]), integer(run["outcome_batch"]),
                    integer(run["outcome_batches"]), integer(run["best_epoch"]),
                ])
            if case .list(let history)? = run["history"] {
                for point in history {
                    var value: Double?
                    if case .number(let number)? = point["value"] { value = number }
                    try db.execute(
                        sql:
                            "INSERT OR REPLACE INTO metric_history (run_id, epoch, name, value, time_ms) VALUES (?, ?, ?, ?, ?)",
                        arguments: [id, integer(point["epoch"]), text(point["name"]), value, integer(point["time_ms"])])
                }
            }
            if case .list(let data)? = run["data"] {
                for use in data {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO run_data (run_id, role, content_id) VALUES (?, ?, ?)",
                        arguments: [id, text(use["role"]), text(use["content_id"])])
                }
            }
            if case .list(let tags)? = run["tags"] {
                for tag in tags {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO tags (run_id, label) VALUES (?, ?)", arguments: [id, text(tag)])
                }
            }
            if case .list(let artifacts)? = run["artifacts"] {
                for artifact in artifacts {
                    try db.execute(
                        sql:
                            "INSERT OR REPLACE INTO artifacts (run_id, name, object_id, media_type) VALUES (?, ?, ?, ?)",
                        arguments: [
                            id, text(artifact["name"]), text(artifact["object_id"]), text(artifact["media_type"]),
                        ])
                }
            }
            imported.append(RunID(rawValue: id))
        }
        try LegacyOutcomes.derive(in: db)
        return (imported, skipped)
    }
}
