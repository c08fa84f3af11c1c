import GRDB

/// Model specs for runs migrated from schema 3, which recorded their layers as text in
/// `params`. The store cannot read layers; the experiments layer can, and fills them
/// in through these two calls the first time it opens a migrated store.
extension Store {
    /// Ended runs whose model spec has not been looked at yet (`model_spec` NULL), with
    /// their params.
    public func runsAwaitingModelSpec() throws(StoreError) -> [(id: RunID, params: ParamValue)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, params FROM runs WHERE model_spec IS NULL AND status != 'running'")
                .map { (RunID(rawValue: $0["id"]), ParamValue.parse($0["params"] ?? "{}") ?? .record([])) }
        }
    }

    /// Sets the model specs of runs that have none yet: JSON, or the empty string for a
    /// run with no model (or layers that do not read), so it is not looked at again.
    public func fillModelSpecs(_ specs: [(id: RunID, spec: String)]) throws(StoreError) {
        guard !specs.isEmpty else { return }
        try write { db in
            for (id, spec) in specs {
                try db.execute(
                    sql: "UPDATE runs SET model_spec = ? WHERE id = ? AND model_spec IS NULL",
                    arguments: [spec, id.rawValue])
            }
        }
    }
}
