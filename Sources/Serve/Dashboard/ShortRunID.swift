import Experiments
import Store

/// Run ids as the dashboard's tables show them: as short as the CLI and the notebooks
/// show them, but never so short that two runs of the store look alike (runs made in
/// the same second share their first eight characters).
struct ShortRunID {
    let length: Int

    init(_ ids: [RunID], store: any SessionStore) {
        let total = (try? store.runCount()) ?? ids.count
        length = RunPresenter.shortIDLength(ids.map(\.rawValue), total: total, store: store)
    }

    func text(_ id: RunID) -> String {
        String(id.rawValue.prefix(length))
    }
}
