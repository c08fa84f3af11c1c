import Foundation
import Learn
import Store

/// The store as the experiments layer uses it: runs read as `ExperimentRun`s and their
/// models rebuilt from spec and weights, without running Strata code.
///
/// Opening one also finishes the migration from schema 3: runs recorded then have
/// their layers as text in `params`; they get a model spec read from that text
/// (`LegacyLayerText`), once.
public final class ExperimentStore: Sendable {
    public let store: any SessionStore

    /// Wraps an open store, filling in the model specs migrated runs lack (only a local
    /// store can be old enough to lack them).
    public init(_ store: any SessionStore) throws(StoreError) {
        self.store = store
        if let local { try ExperimentStore.upgradeModelSpecs(local) }
    }

    /// The store when it is the local one (a folder): tracking folders, cell history and
    /// bundles happen there.
    public var local: Store? { store as? Store }

    /// Opens the store at `folder`, creating it when missing unless `creating` is false
    /// (then a missing store throws `.noStore`).
    public static func open(at folder: String, creating: Bool = true) throws(StoreError) -> ExperimentStore {
        try ExperimentStore(Store.open(at: folder, creating: creating))
    }

    /// The run `reference` names (an id, unique id prefix or name).
    public func run(_ reference: String) throws(StoreError) -> ExperimentRun {
        ExperimentRun(try store.run(reference))
    }

    /// The trained model of `run`: its spec with the stored weights, which the store
    /// checks against their hash as it reads them.
    public func model(of run: ExperimentRun) throws(RestoreError) -> Sequential {
        try run.model(from: store)
    }
    private static func upgradeModelSpecs(_ store: Store) throws(StoreError) {
        let waiting = try store.runsAwaitingModelSpec()
        guard !waiting.isEmpty else { return }
        let filled = waiting.map { run -> (id: RunID, spec: String) in
            guard let layers = FitParams(record: run.params)?.layers ?? layerTexts(run.params),
                let specs = LegacyLayerText.specs(layers)
            else { return (run.id, "") }
            // Schema 3 did not record the sample shape beside the layers; the weights
            // blob carries it, and a spec without one is read with it.
            return (run.id, ModelSpec(layers: specs, sampleShape: nil).json())
        }
        try store.fillModelSpecs(filled)
    }

    private static func layerTexts(_ params: ParamValue) -> [String]? {
        guard case .list(let items)? = params["layers"] else { return nil }
        let texts = items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        return texts.count == items.count ? texts : nil
    }
}
