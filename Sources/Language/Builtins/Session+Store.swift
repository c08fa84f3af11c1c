import Experiments
import Store

extension Session {
    /// Makes the session keep its runs in the store at `folder` (created when needed)
    /// rather than at the default location (`$STRATA_STORE`, or `.strata/` in the
    /// working directory): for tests that each need a store of their own, and hosts
    /// that let the user choose. Call it before the first cell that uses the store; a
    /// session keeps the store it opened first.
    public func useStore(at folder: String) throws(StoreError) {
        useStore(try ExperimentStore.open(at: folder))
    }

    /// Makes the session keep its runs in `store`, already open: the kernel shares the
    /// one it opened for cell history instead of opening the database a second time.
    public func useStore(_ store: ExperimentStore) {
        _ = services.get(StoreSessionService.self) { () throws(Never) in StoreSessionService(experiments: store) }
    }
}
