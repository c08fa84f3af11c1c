import Foundation
import PostgresNIO
import Store

/// Reading runs, with the local store's semantics (`Store+RunQueries`): the same sort
/// fields, runs lacking a sorted metric last, ties newest first, and references
/// resolved as an exact id, else the newest run of that name, else a unique id prefix.
extension PostgresStore {
    public func runs(sort: String, limit: Int?, offset: Int, filter: RunFilter) throws(StoreError) -> [RunSummary] {
        let descending = sort.hasPrefix("-")
        let field = descending ? String(sort.dropFirst()) : sort
        let direction = descending ? "DESC" : "ASC"
        var sql = "SELECT \(PostgresStore.summaryColumns) FROM runs"
        var bindings = PostgresBindings()
        let conditions = PostgresStore.conditions(filter, bindings: &bindings)
        if !conditions.isEmpty { sql += " WHERE " + conditions }
        switch field {
        case "created": sql += " ORDER BY created_ms \(direction), seq \(direction)"
        case "ended": sql += " ORDER BY ended_ms IS NULL, ended_ms \(direction), seq \(direction)"
        case "name": sql += " ORDER BY name IS NULL, name \(direction), created_ms DESC, seq DESC"
        case "status": sql += " ORDER BY status \(direction), created_ms DESC, seq DESC"
        case "id": sql += " ORDER BY id \(direction)"
        default:
            let known = try metricNames()
            guard known.contains(field) else { throw .unknownSortField(field, known: Store.runSortFields + known) }
            bindings.append(field)
            let key = "$\(bindings.count)"
            sql +=
                " ORDER BY (metrics->>\(key)) IS NULL, (metrics->>\(key))::float8 \(direction), created_ms DESC, seq DESC"
        }
        if let limit {
            bindings.append(max(0, limit))
            sql += " LIMIT $\(bindings.count)"
        }
        if offset > 0 {
            bindings.append(offset)
            sql += " OFFSET $\(bindings.count)"
        }
        let rows = try bridge.rows(PostgresQuery(unsafeSQL: sql, binds: bindings))
        let tags = try allTags()
        return try rows.map { row throws(StoreError) in try PostgresStore.summary(row, tags: tags) }
    }

    public func runCount(filter: RunFilter) throws(StoreError) -> Int {
        var bindings = PostgresBindings()
        let conditions = PostgresStore.conditions(filter, bindings: &bindings)
        let rows = try bridge.rows(
            PostgresQuery(
                unsafeSQL: "SELECT count(*) FROM runs"
                    + (conditions.isEmpty ? "" : " WHERE " + conditions), binds: bindings))
        return try PostgresStore.decode(rows.first, Int.self) ?? 0
    }

    /// The filter's conditions over `runs`, binding their values.
    static func conditions(_ filter: RunFilter, bindings: inout PostgresBindings) -> String {
        var conditions: [String] = []
        if let status = filter.status {
            bindings.append(status.rawValue)
            conditions.append("status = $\(bindings.count)")
        }
        if let tag = filter.tag {
            bindings.append(tag)
            conditions.append("id IN (SELECT run_id FROM tags WHERE label = $\(bindings.count))")
        }
        if let sweep = filter.sweep {
            bindings.append(sweep)
            let name = "$\(bindings.count)"
            bindings.append(RunFilter.sweepTag(sweep))
            conditions.append(
                """
                (id IN (SELECT run_id FROM sweep_trials WHERE sweep = \(name)) OR params::jsonb->>'sweep' = \(name)
                 OR id IN (SELECT run_id FROM tags WHERE label = $\(bindings.count)))
                """)
        }
        if let name = filter.name {
            bindings.append(name)
            conditions.append("strpos(lower(name), lower($\(bindings.count))) > 0")
        }
        if let data = filter.data {
            bindings.append(data)
            conditions.append(
                "id IN (SELECT run_id FROM run_data WHERE substr(content_id, 1, length($\(bindings.count))) = $\(bindings.count))"
            )
        }
        return conditions.joined(separator: " AND ")
    }

    public func metricNames() throws(StoreError) -> [String] {
        try bridge.rows("SELECT DISTINCT jsonb_object_keys(metrics) AS key FROM runs ORDER BY key").map {
            row throws(StoreError) in
            try PostgresStore.decode(row, String.self)
        }
    }

    public func resolveRun(_ reference: String) throws(StoreError) -> RunID {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .unknownRun(reference) }
        if let id = try PostgresStore.decode(
            try bridge.rows("SELECT id FROM runs WHERE id = \(trimmed)").first, String.self)
        {
            return RunID(rawValue: id)
        }
        if let id = try PostgresStore.decode(
            try bridge.rows(
                """
                SELECT id FROM runs WHERE name = \(trimmed) ORDER BY created_ms DESC, seq DESC LIMIT 1
                """
            ).first, String.self)
        {
            return RunID(rawValue: id)
        }
        // Ids are lowercase; a prefix typed in capitals still matches.
        let escaped =
            trimmed.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        let matches = try bridge.rows("SELECT id FROM runs WHERE id LIKE \(escaped) ORDER BY id LIMIT 20")
            .map { row throws(StoreError) in try PostgresStore.decode(row, String.self) }
        if matches.count == 1 { return RunID(rawValue: matches[0]) }
        if matches.isEmpty { throw .unknownRun(reference) }
        throw .ambiguousRun(reference, matches: matches)
    }

    public func run(_ reference: String) throws(StoreError) -> RunRecord {
        let id = try resolveRun(reference)
        let key = id.rawValue
        guard
            let row = try bridge.rows(
                """
                SELECT \(unescaped: PostgresStore.summaryColumns), params, model_spec, preprocessing, source, weights
                FROM runs WHERE id = \(key)
                """
            ).first
        else { throw .unknownRun(reference) }
        let tags = try bridge.rows("SELECT label FROM tags WHERE run_id = \(key) ORDER BY label")
            .map { row throws(StoreError) in try PostgresStore.decode(row, String.self) }
        let summary = try PostgresStore.summary(row, tags: [key: tags])
        let (params, modelSpec, preprocessing, source, weights) = try PostgresStore.decode(row, offset: 14) { columns in
            (
                try columns[0].decode(String.self), try columns[1].decode(String?.self),
                try columns[2].decode(String?.self),
                try columns[3].decode(String.self), try columns[4].decode(String?.self)
            )
        }
        var epochs: [Int: EpochMetrics] = [:]
        for history in try bridge.rows("SELECT epoch, name, value, time_ms FROM metric_history WHERE run_id = \(key)") {
            let (epoch, name, value, time) = try PostgresStore.decode(history, offset: 0) { columns in
                (
                    try columns[0].decode(Int.self), try columns[1].decode(String.self),
                    try columns[2].decode(Double?.self),
                    try columns[3].decode(Int64.self)
                )
            }
            epochs[epoch, default: EpochMetrics(epoch: epoch, metrics: [:], time: Date(milliseconds: time))]
                .metrics[name] = value ?? .nan
        }
        let data = try bridge.rows(
            """
            SELECT d.role, s.name, v.content_id, v.schema, v.lineage, v.object_id
            FROM run_data d JOIN dataset_versions v ON v.content_id = d.content_id
            JOIN datasets s ON s.id = v.dataset_id WHERE d.run_id = \(key) ORDER BY d.seq
            """
        ).map { row throws(StoreError) in
            try PostgresStore.decode(row, offset: 0) { columns in
                DataUse(
                    role: try columns[0].decode(String.self), name: try columns[1].decode(String.self),
                    contentID: try columns[2].decode(String.self),
                    schema: ParamValue.parse(try columns[3].decode(String.self)) ?? .null,
                    lineage: ParamValue.parse(try columns[4].decode(String.self)) ?? .null,
                    object: try columns[5].decode(String?.self).flatMap(ObjectID.init(hex:)))
            }
        }
        var artifacts: [Artifact] = []
        for row in try bridge.rows(
            "SELECT name, object_id, media_type FROM artifacts WHERE run_id = \(key) ORDER BY name")
        {
            let artifact = try PostgresStore.decode(row, offset: 0) { columns -> Artifact? in
                guard let object = ObjectID(hex: try columns[1].decode(String.self)) else { return nil }
                return Artifact(
                    name: try columns[0].decode(String.self), object: object,
                    mediaType: try columns[2].decode(String.self))
            }
            if let artifact { artifacts.append(artifact) }
        }
        return RunRecord(
            summary: summary, params: ParamValue.parse(params) ?? .record([]), modelSpec: modelSpec,
            preprocessing: preprocessing, source: source, history: epochs.values.sorted { $0.epoch < $1.epoch },
            data: data, weights: weights.flatMap(ObjectID.init(hex:)), artifacts: artifacts)
    }

    // MARK: Rows to values

    static let summaryColumns = """
        id, name, status, error, created_ms, ended_ms, metrics::text, host, pid, outcome, outcome_epoch, outcome_batch,
        outcome_batches, best_epoch
        """

    func allTags() throws(StoreError) -> [String: [String]] {
        var tags: [String: [String]] = [:]
        for row in try bridge.rows("SELECT run_id, label FROM tags ORDER BY label") {
            let (run, label) = try PostgresStore.decode(row, offset: 0) { columns in
                (try columns[0].decode(String.self), try columns[1].decode(String.self))
            }
            tags[run, default: []].append(label)
        }
        return tags
    }

    static func summary(_ row: PostgresRow, tags: [String: [String]]) throws(StoreError) -> RunSummary {
        try decode(row, offset: 0) { c in
            let id = try c[0].decode(String.self)
            let created = try c[4].decode(Int64.self)
            let ended = try c[5].decode(Int64?.self)
            return RunSummary(
                id: RunID(rawValue: id), name: try c[1].decode(String?.self),
                status: RunStatus(rawValue: try c[2].decode(String.self)) ?? .failed,
                outcome: RunOutcome(
                    name: try c[9].decode(String?.self), epoch: try c[10].decode(Int?.self),
                    batch: try c[11].decode(Int?.self), batches: try c[12].decode(Int?.self),
                    bestEpoch: try c[13].decode(Int?.self)),
                error: try c[3].decode(String?.self), created: Date(milliseconds: created),
                ended: ended.map(Date.init(milliseconds:)),
                metrics: ParamValue.parse(try c[6].decode(String.self))?.numbers ?? [:], tags: tags[id] ?? [],
                host: try c[7].decode(String?.self), pid: try c[8].decode(Int?.self))
        }
    }

    /// Reads a row's cells from `offset` on with `body`; a decoding failure is a
    /// database error.
    static func decode<T>(_ row: PostgresRow, offset: Int, _ body: ([PostgresCell]) throws -> T) throws(StoreError) -> T
    {
        do {
            return try body(Array(row.dropFirst(offset)))
        } catch {
            throw .database("PostgreSQL answered a row this build does not read: \(error)")
        }
    }

    static func decode<T: PostgresDecodable>(_ row: PostgresRow, _ type: T.Type) throws(StoreError) -> T {
        try decode(row, offset: 0) { columns in try columns[0].decode(T.self) }
    }

    static func decode<T: PostgresDecodable>(_ row: PostgresRow?, _ type: T.Type) throws(StoreError) -> T? {
        guard let row else { return nil }
        let value: T = try decode(row, type)
        return value
    }
}
