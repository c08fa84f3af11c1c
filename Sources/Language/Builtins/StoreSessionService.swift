import Experiments
import Store

/// The session's open store, opened on first use at the session's default location
/// (`$STRATA_STORE`, or `.strata/` in the working directory) and kept for the session.
/// Builtins reach it through `call.store()` and `call.experimentStore()`.
public final class StoreSessionService {
    public let experiments: ExperimentStore
    public var store: any SessionStore { experiments.store }

    init(experiments: ExperimentStore) {
        self.experiments = experiments
    }
}

extension BuiltinCall {
    /// The session's store, opened on first use; a failure to open is this builtin's error.
    public func store() throws(RuntimeError) -> any SessionStore {
        try experimentStore().store
    }

    /// The session's store when it is a local folder: `purpose` (tracking a folder,
    /// listing datasets) happens where the files are, so a team store is refused with
    /// the way to do it instead.
    public func localStore(for purpose: String) throws(RuntimeError) -> Store {
        let store = try experimentStore()
        guard let local = store.local else {
            throw failure(
                "\(purpose) needs a local store, and this session's store is the team store at "
                    + "\(store.store.location): run `strata add PATH` with a local store, then "
                    + "`strata store push --data ID --to` the team store")
        }
        return local
    }

    /// The session's store as the experiments layer reads it.
    public func experimentStore() throws(RuntimeError) -> ExperimentStore {
        let location = Store.defaultLocation(workingDirectory: workingDirectory)
        let openTeamStore = evaluator.state.environment.openTeamStore
        do throws(StoreError) {
            return try services.get(StoreSessionService.self) { () throws(StoreError) in
                guard location.contains("://") else {
                    return StoreSessionService(experiments: try ExperimentStore.open(at: location))
                }
                guard let openTeamStore else {
                    throw .database(
                        "STRATA_STORE names a team store (\(location.prefix { $0 != ":" })://...), "
                            + "which this program cannot open; unset it or name a folder")
                }
                return StoreSessionService(experiments: try ExperimentStore(openTeamStore(location)))
            }.experiments
        } catch {
            throw failure(error.description)
        }
    }
}
