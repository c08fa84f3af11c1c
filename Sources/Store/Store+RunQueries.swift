import Foundation
import GRDB

/// Reading runs: the list `runs()` shows, and one run by id, id prefix or name.
extension Store {
    /// The fields `runs(sort:)` accepts besides metric names.
    public static let runSortFields = ["created", "ended", "name", "status", "id"]

    /// The runs `filter` keeps, sorted by a field (`created`, `ended`, `name`, `status`,
    /// `id`) or a final metric name; a leading `-` sorts descending. Runs without the
    /// metric come last. `limit` nil returns them all; the first `offset` are skipped.
    public func runs(
        sort: String = "-created", limit: Int? = 20, offset: Int = 0, filter: RunFilter
    ) throws(StoreError) -> [RunSummary] {
        let descending = sort.hasPrefix("-")
        let field = descending ? String(sort.dropFirst()) : sort
        let direction = descending ? "DESC" : "ASC"
        let order: String
        var arguments: StatementArguments = []
        // Ties go newest first by start time and insertion (ids of runs started in the
        // same millisecond need not sort in creation order).
        switch field {
        case "created": order = "created_ms \(direction), rowid \(direction)"
        case "ended": order = "ended_ms IS NULL, ended_ms \(direction), rowid \(direction)"
        case "name": order = "name IS NULL, name \(direction), created_ms DESC, rowid DESC"
        case "status": order = "status \(direction), created_ms DESC, rowid DESC"
        case "id": order = "id \(direction)"
        default:
            // A metric name: json_extract, with runs lacking it last whichever the direction.
            let path = "$.\"" + field.replacingOccurrences(of: "\"", with: "") + "\""
            order =
                "json_extract(metrics, ?) IS NULL, json_extract(metrics, ?) \(direction), created_ms DESC, rowid DESC"
            arguments = [path, path]
            let known = try metricNames()
            guard known.contains(field) else {
                throw .unknownSortField(field, known: Store.runSortFields + known)
            }
        }
        let (conditions, filterArguments) = Store.whereClause(filter)
        var sql = "SELECT \(Store.summaryColumns) FROM runs \(conditions) ORDER BY \(order)"
        arguments = filterArguments + arguments
        if limit != nil || offset > 0 {
            // SQLite takes OFFSET only after a LIMIT; -1 is no limit.
            sql += " LIMIT ? OFFSET ?"
            arguments += [limit.map { max(0, $0) } ?? -1, max(0, offset)]
        }
        let finalArguments = arguments
        return try read { db in
            let tags = try Store.allTags(db)
            return try Row.fetchAll(db, sql: sql, arguments: finalArguments).map { Store.summary($0, tags: tags) }
        }
    }

    /// The number of runs in the store that `filter` keeps.
    public func runCount(filter: RunFilter) throws(StoreError) -> Int {
        let (conditions, arguments) = Store.whereClause(filter)
        return try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM runs \(conditions)", arguments: arguments) ?? 0
        }
    }

    /// `WHERE ...` keeping the runs `filter` keeps (empty for every run), and its arguments.
    static func whereClause(_ filter: RunFilter) -> (sql: String, arguments: StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let status = filter.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let tag = filter.tag {
            conditions.append("id IN (SELECT run_id FROM tags WHERE label = ?)")
            arguments += [tag]
        }
        if let sweep = filter.sweep {
            conditions.append(
                """
                (id IN (SELECT run_id FROM sweep_trials WHERE sweep = ?) OR json_extract(params, '$.sweep') = ?
                 OR id IN (SELECT run_id FROM tags WHERE label = ?))
                """)
            arguments += [sweep, sweep, RunFilter.sweepTag(sweep)]
        }
        if let name = filter.name {
            // instr, not LIKE: a name box holding `%` or `_` means those characters.
            conditions.append("instr(lower(name), lower(?)) > 0")
            arguments += [name]
        }
        if let data = filter.data {
            conditions.append("id IN (SELECT run_id FROM run_data WHERE substr(content_id, 1, length(?)) = ?)")
            arguments += [data, data]
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    /// The names of every final metric any run has, sorted.
    public func metricNames() throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT j.key FROM runs, json_each(runs.metrics) AS j ORDER BY j.key
                    """)
        }
    }

    /// The id of the run `reference` names: an exact id, else the newest run with that
    /// name, else the one run whose id starts with it.
    public func resolveRun(_ reference: String) throws(StoreError) -> RunID {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .unknownRun(reference) }
        return try read { db in
            if let id = try String.fetchOne(db, sql: "SELECT id FROM runs WHERE id = ?", arguments: [trimmed]) {
                return RunID(rawValue: id)
            }
            if let id = try String.fetchOne(
                db, sql: "SELECT id FROM runs WHERE name = ? ORDER BY created_ms DESC, rowid DESC LIMIT 1",
                arguments: [trimmed])
            {
                return RunID(rawValue: id)
            }
            // Ids are lowercase; a prefix typed in capitals still matches.
            let prefix = trimmed.lowercased()
            let escaped = prefix.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            let matches = try String.fetchAll(
                db, sql: "SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 20",
                arguments: [escaped + "%"])
            if matches.count == 1 { return RunID(rawValue: matches[0]) }
            if matches.isEmpty { throw StoreError.unknownRun(reference) }
            throw StoreError.ambiguousRun(reference, matches: matches)
        }
    }

    /// Everything recorded about the run `reference` names (see `resolveRun`).
    public func run(_ reference: String) throws(StoreError) -> RunRecord {
        let id = try resolveRun(reference)
        return try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT \(Store.summaryColumns), params, model_spec, preprocessing, source, weights FROM runs WHERE id = ?",
                    arguments: [id.rawValue])
            else {
                throw StoreError.unknownRun(reference)
            }
            let tags = try String.fetchAll(
                db, sql: "SELECT label FROM tags WHERE run_id = ? ORDER BY label",
                arguments: [id.rawValue])
            let summary = Store.summary(row, tags: [id.rawValue: tags])
            let params = ParamValue.parse(row["params"] ?? "{}") ?? .record([])
            let weights = (row["weights"] as String?).flatMap(ObjectID.init(hex:))
            return RunRecord(
                summary: summary, params: params, modelSpec: row["model_spec"],
                preprocessing: row["preprocessing"], source: row["source"] ?? "",
                history: try Store.history(of: id, in: db), data: try Store.dataUses(of: id, in: db),
                weights: weights, artifacts: try Store.artifacts(of: id, in: db))
        }
    }

    // MARK: - Rows to values

    static let summaryColumns = """
        id, name, status, error, created_ms, ended_ms, metrics, host, pid, outcome, outcome_epoch, outcome_batch,
        outcome_batches, best_epoch
        """

    static func summary(_ row: Row, tags: [String: [String]]) -> RunSummary {
        let id: String = row["id"]
        let created: Int64 = row["created_ms"]
        let ended: Int64? = row["ended_ms"]
        return RunSummary(
            id: RunID(rawValue: id), name: row["name"], status: RunStatus(rawValue: row["status"]) ?? .failed,
            outcome: RunOutcome(
                name: row["outcome"], epoch: row["outcome_epoch"], batch: row["outcome_batch"],
                batches: row["outcome_batches"], bestEpoch: row["best_epoch"]),
            error: row["error"], created: Date(milliseconds: created), ended: ended.map(Date.init(milliseconds:)),
            metrics: ParamValue.parse(row["metrics"] ?? "{}")?.numbers ?? [:], tags: tags[id] ?? [],
            host: row["host"], pid: row["pid"])
    }

    static func allTags(_ db: Database) throws -> [String: [String]] {
        var tags: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT run_id, label FROM tags ORDER BY label") {
            tags[row["run_id"], default: []].append(row["label"])
        }
        return tags
    }

    static func history(of run: RunID, in db: Database) throws -> [EpochMetrics] {
        var epochs: [Int: EpochMetrics] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT epoch, name, value, time_ms FROM metric_history WHERE run_id = ?",
            arguments: [run.rawValue])
        {
            let epoch: Int = row["epoch"]
            let time: Int64 = row["time_ms"]
            let value: Double? = row["value"]
            epochs[epoch, default: EpochMetrics(epoch: epoch, metrics: [:], time: Date(milliseconds: time))]
                .metrics[row["name"]] = value ?? .nan
        }
        return epochs.values.sorted { $0.epoch < $1.epoch }
    }

    static func dataUses(of run: RunID, in db: Database) throws -> [DataUse] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT d.role, s.name, v.content_id, v.schema, v.lineage, v.object_id
                FROM run_data d JOIN dataset_versions v ON v.content_id = d.content_id
                JOIN datasets s ON s.id = v.dataset_id WHERE d.run_id = ? ORDER BY d.rowid
                """, arguments: [run.rawValue]
        ).map { row in
            DataUse(
                role: row["role"], name: row["name"], contentID: row["content_id"],
                schema: ParamValue.parse(row["schema"]) ?? .null, lineage: ParamValue.parse(row["lineage"]) ?? .null,
                object: (row["object_id"] as String?).flatMap(ObjectID.init(hex:)))
        }
    }

    static func artifacts(of run: RunID, in db: Database) throws -> [Artifact] {
        try Row.fetchAll(
            db, sql: "SELECT name, object_id, media_type FROM artifacts WHERE run_id = ? ORDER BY name",
            arguments: [run.rawValue]
        ).compactMap { row in
            guard let id = ObjectID(hex: row["object_id"]) else { return nil }
            return Artifact(name: row["name"], object: id, mediaType: row["media_type"])
        }
    }
}

extension Date {
    package init(milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    package var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}
