import Experiments
import Store

/// The session's open store, opened on first use at the session's default location
/// (`$STRATA_STORE`, or `.strata/` in the working directory) and kept for the session.
/// Builtins reach it through `call.store()` and `call.experimentStore()`.
public final class StoreSessionService {
    public let experiments: ExperimentStore
    public var store: Store { experiments.store }

    init(experiments: ExperimentStore) {
        self.experiments = experiments
    }
}

extension BuiltinCall {
    /// The session's store, opened on first use; a failure to open is this builtin's error.
    public func store() throws(RuntimeError) -> Store {
        try experimentStore().store
    }

    /// The session's store as the experiments layer reads it.
    public func experimentStore() throws(RuntimeError) -> ExperimentStore {
        let folder = Store.defaultLocation(workingDirectory: workingDirectory)
        do throws(StoreError) {
            return try services.get(StoreSessionService.self) { () throws(StoreError) in
                StoreSessionService(experiments: try ExperimentStore.open(at: folder))
            }.experiments
        } catch {
            throw failure(error.description)
        }
    }
}
