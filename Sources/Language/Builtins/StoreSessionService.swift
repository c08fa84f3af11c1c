import Store

/// The session's open store, opened on first use at the session's default location
/// (`$STRATA_STORE`, or `.strata/` in the working directory) and kept for the session.
/// Builtins reach it through `call.store()`.
public final class StoreSessionService {
    public let store: Store

    init(store: Store) {
        self.store = store
    }
}

extension BuiltinCall {
    /// The session's store, opened on first use; a failure to open is this builtin's error.
    public func store() throws(RuntimeError) -> Store {
        let folder = Store.defaultLocation(workingDirectory: workingDirectory)
        do throws(StoreError) {
            return try services.get(StoreSessionService.self) { () throws(StoreError) in
                StoreSessionService(store: try Store.open(at: folder))
            }.store
        } catch {
            throw failure(error.description)
        }
    }
}
