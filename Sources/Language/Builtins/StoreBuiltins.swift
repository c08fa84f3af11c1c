import Store

/// The store's builtins that need no runs: versioning raw data and listing dataset
/// versions. (`runs`, `run`, `compare`, `restore`, `tag` come with `fit`.)
enum StoreBuiltins {
    static var all: [Builtin] { [track, datasets] }

    static var track: Builtin {
        Builtin(
            "track", parameters: [.positional("path")],
            summary: "Versions a raw file or folder (as `dvc add` does) and returns its content id.",
            details: """
                Every file's content is stored once in the store, however often it recurs; the id is the SHA-256 of \
                the sorted manifest of (path, size, mode, content id), so the same data has the same id anywhere. \
                Unchanged files are not read again. A relative path is read from the notebook's folder. \
                A run trained on data loaded from tracked files names the version in `run.sources`. \
                On the command line: `strata add`, `strata status` (which runs used it), `strata checkout ID DIR`.
                """
        ) { call throws(RuntimeError) in
            let path = call.resolvedPath(try call.string("path"))
            let store = try call.localStore(for: "track")
            do throws(StoreError) {
                return .string(try store.track(path).id.hex)
            } catch {
                throw call.failure(error.description)
            }
        }
    }

    static var datasets: Builtin {
        Builtin(
            "datasets", parameters: [],
            summary:
                "The table of dataset versions the store has seen: name, content id, first seen, runs that used it."
        ) { call throws(RuntimeError) in
            let store = try call.localStore(for: "datasets")
            do throws(StoreError) {
                return .native(StoreDatasetsValue(try store.datasets()))
            } catch {
                throw call.failure(error.description)
            }
        }
    }
}
