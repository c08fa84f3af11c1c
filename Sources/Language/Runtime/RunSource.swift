import Store

/// A file behind a run's data: its path, the SHA-256 of the bytes the run read, and
/// the tracked version (`track`, `strata add`) that holds those bytes, if any.
/// `run.sources` lists them, so a notebook can say which version of the raw data a
/// model was trained on.
struct RunSource: Sendable, Equatable {
    var path: String
    var sha256: String
    var tracked: String?

    /// The distinct source files named in the lineages of a run's data, in order.
    static func sources(in lineages: [ParamValue], store: (any SessionStore)?) -> [RunSource] {
        var found: [RunSource] = []
        // One lookup for every file: a run over an image folder has thousands.
        let lookup = store.flatMap { try? TrackedFileLookup(store: $0) }
        var seen = Set<String>()
        for lineage in lineages {
            guard case .list(let files)? = lineage["sources"] else { continue }
            for file in files {
                guard case .string(let path)? = file["path"], case .string(let sha256)? = file["sha256"],
                    seen.insert(path + "\u{0}" + sha256).inserted
                else { continue }
                let tracked = (try? lookup?.version(holding: path, sha256: sha256)) ?? nil
                found.append(RunSource(path: path, sha256: sha256, tracked: tracked?.id.hex))
            }
        }
        return found
    }

    var value: Value {
        .record(
            Record([
                ("path", .string(path)), ("sha256", .string(sha256)),
                ("tracked", tracked.map(Value.string) ?? .nil),
            ]))
    }
}
