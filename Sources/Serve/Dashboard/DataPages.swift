import Experiments
import Foundation
import Store
import TextFormat

/// `/data`, `/data/versions/CID` and `/data/tracked/ID`: the tracked data versions and
/// the dataset versions runs read, their manifests, schemas and lineage, and which runs
/// used each.
enum DataPages {
    static func list(_ experiments: ExperimentStore) throws(DashboardError) -> DashboardPage {
        let store = experiments.store
        let tracked = try stored { () throws(StoreError) in try store.trackedVersions(path: nil) }.reversed()
        let datasets = try stored { () throws(StoreError) in try store.datasets() }
        var main = "<h1>Data</h1>\n<h2>Tracked data versions</h2>\n"
        if tracked.isEmpty {
            main += "<p class=\"empty\">Nothing tracked: `track(path)` or `strata add PATH` versions files.</p>\n"
        } else {
            let rows = tracked.map { version in
                (
                    "class=\"tracked\"",
                    [
                        HTML.link("/data/tracked/" + version.id.hex, version.id.short), HTML.text(version.path),
                        version.isFolder ? "folder" : "file", "\(version.files)",
                        HTML.text(ByteText.size(version.bytes)), HTML.text(DateText.local(version.created)),
                    ]
                )
            }
            main += HTML.table(
                id: "tracked", columns: ["version", "path", "kind", "files", "size", "tracked"], rows: rows,
                numeric: [3, 4])
        }
        main += "<h2>Dataset versions</h2>\n"
        if datasets.isEmpty {
            main += "<p class=\"empty\">No dataset versions yet: loaders record them as runs read data.</p>\n"
        } else {
            let rows = datasets.map { version in
                (
                    "class=\"dataset\"",
                    [
                        HTML.text(version.name),
                        HTML.link(
                            "/data/versions/" + HTML.segment(version.contentID), String(version.contentID.prefix(12))),
                        HTML.text(columnsText(version.schema)), HTML.text(DateText.local(version.firstSeen)),
                        HTML.link(HTML.url("/runs", [("data", version.contentID)]), "\(version.runCount)"),
                    ]
                )
            }
            main += HTML.table(
                id: "datasets", columns: ["dataset", "version", "columns", "first seen", "runs"], rows: rows,
                numeric: [4])
        }
        return DashboardPage(title: "Data", main: main)
    }

    static func version(_ contentID: String, _ experiments: ExperimentStore) throws(DashboardError) -> DashboardPage {
        let store = experiments.store
        let all = try stored { () throws(StoreError) in try store.datasets() }
        let matches = all.filter { $0.contentID.hasPrefix(contentID) }
        guard let version = matches.first(where: { $0.contentID == contentID }) ?? matches.first,
            matches.count == 1 || matches.first?.contentID == contentID
        else {
            throw .notFound(
                matches.isEmpty
                    ? "no dataset version '\(contentID)' in this store"
                    : "'\(contentID)' names \(matches.count) dataset versions; give more of the id")
        }
        var main = "<h1>\(HTML.text(version.name))</h1>\n"
        main +=
            "<p class=\"muted\">version <code>\(HTML.text(version.contentID))</code>, first seen "
            + HTML.text(DateText.local(version.firstSeen)) + "</p>\n"
        main += "<h2>Schema</h2>\n<pre id=\"schema\">\(HTML.text(version.schema.json))</pre>\n"
        main += "<h2>Lineage</h2>\n<div id=\"lineage\">" + lineage(version.lineage, store: store) + "</div>\n"
        main += "<h2>Runs that used it</h2>\n"
        main += try runs(RunFilter(data: version.contentID), store: store)
        return DashboardPage(title: version.name, main: main)
    }

    static func tracked(_ id: String, _ experiments: ExperimentStore) throws(DashboardError) -> DashboardPage {
        let store = experiments.store
        let versions = try stored { () throws(StoreError) in try store.trackedVersions(path: nil) }
        guard let version = versions.first(where: { $0.id.hex == id }) else {
            throw .notFound("no tracked data version '\(id)' in this store")
        }
        let manifest = try stored { () throws(StoreError) in
            try Manifest.decode(try store.object(version.id), id: version.id)
        }
        var main = "<h1>\(HTML.text(version.path))</h1>\n"
        main +=
            "<p class=\"muted\">tracked version <code>\(HTML.text(version.id.hex))</code>, "
            + "\(version.files) files, \(HTML.text(ByteText.size(version.bytes))), "
            + HTML.text(DateText.local(version.created)) + "</p>\n"
        main += "<h2>Runs that read these files</h2>\n"
        let used = try datasetVersions(readingFrom: version, manifest: manifest, store: store)
        if used.isEmpty {
            main += "<table id=\"runs\"><tbody></tbody></table><p class=\"muted\">No run read these files.</p>\n"
        } else {
            var ids: [RunID] = []
            for contentID in used {
                let runs = try stored { () throws(StoreError) in
                    try store.runs(sort: "-created", limit: nil, offset: 0, filter: RunFilter(data: contentID))
                }
                ids += runs.map(\.id).filter { !ids.contains($0) }
            }
            main += try runs(ids: ids, store: store)
        }
        main += "<h2>Manifest</h2>\n"
        let shown = manifest.entries.prefix(1000)
        let rows = shown.map { entry in
            ("", [HTML.text(entry.path), HTML.text(ByteText.size(entry.size)), "<code>\(entry.object.short)</code>"])
        }
        main += HTML.table(id: "manifest", columns: ["file", "size", "sha256"], rows: rows, numeric: [1])
        if manifest.entries.count > shown.count {
            main += "<p class=\"note\">\(manifest.entries.count - shown.count) more files not shown.</p>\n"
        }
        return DashboardPage(title: version.path, main: main)
    }

    /// The content ids of the dataset versions whose lineage names a file of `version`
    /// with the bytes its manifest lists.
    private static func datasetVersions(
        readingFrom version: TrackedVersion, manifest: Manifest, store: any SessionStore
    ) throws(DashboardError) -> [String] {
        var held = Set<String>()
        for entry in manifest.entries {
            let path = version.isFolder ? version.path + "/" + entry.path : version.path
            held.insert(path + "\u{0}" + entry.object.hex)
        }
        let datasets = try stored { () throws(StoreError) in try store.datasets() }
        return datasets.filter { dataset in
            guard case .list(let files)? = dataset.lineage["sources"] else { return false }
            return files.contains { file in
                guard case .string(let path)? = file["path"], case .string(let sha256)? = file["sha256"] else {
                    return false
                }
                return held.contains(path + "\u{0}" + sha256)
            }
        }.map(\.contentID)
    }

    private static func lineage(_ lineage: ParamValue, store: any SessionStore) -> String {
        guard case .list(let files)? = lineage["sources"], !files.isEmpty else {
            return "<pre>\(HTML.text(lineage.json))</pre>"
        }
        let lookup = try? TrackedFileLookup(store: store)
        let rows = files.compactMap { file -> (String, [String])? in
            guard case .string(let path)? = file["path"], case .string(let sha256)? = file["sha256"] else { return nil }
            let tracked = (try? lookup?.version(holding: path, sha256: sha256)) ?? nil
            return (
                "",
                [
                    HTML.text(path), "<code>\(HTML.text(String(sha256.prefix(12))))</code>",
                    tracked.map { HTML.link("/data/tracked/" + $0.id.hex, "tracked " + $0.id.short) }
                        ?? "<span class=\"muted\">not tracked</span>",
                ]
            )
        }
        return HTML.table(id: "lineage-files", columns: ["source file", "sha256", "version"], rows: rows)
    }

    private static func runs(_ filter: RunFilter, store: any SessionStore) throws(DashboardError) -> String {
        let runs = try stored { () throws(StoreError) in
            try store.runs(sort: "-created", limit: 200, offset: 0, filter: filter)
        }
        return table(runs, short: ShortRunID(runs.map(\.id), store: store))
    }

    private static func runs(ids: [RunID], store: any SessionStore) throws(DashboardError) -> String {
        var summaries: [RunSummary] = []
        for id in ids.prefix(200) {
            summaries.append(try stored { () throws(StoreError) in try store.run(id.rawValue) }.summary)
        }
        return table(summaries, short: ShortRunID(summaries.map(\.id), store: store))
    }

    private static func table(_ runs: [RunSummary], short: ShortRunID) -> String {
        let rows = runs.map { run in
            (
                "class=\"run\" data-id=\"\(HTML.text(run.id.rawValue))\"",
                [
                    HTML.link("/runs/" + run.id.rawValue, run.name ?? short.text(run.id)),
                    HTML.text(RunPresenter.status(run)), HTML.text(DateText.local(run.created)),
                ]
            )
        }
        if rows.isEmpty { return "<table id=\"runs\"><tbody></tbody></table><p class=\"muted\">No run used it.</p>\n" }
        return HTML.table(id: "runs", columns: ["run", "status", "created"], rows: rows)
    }

    /// `3 columns: sepal_length, ...` from a dataset version's schema.
    private static func columnsText(_ schema: ParamValue) -> String {
        guard case .list(let columns)? = schema["columns"] else { return "" }
        let names = columns.compactMap { column -> String? in
            if case .string(let name)? = column["name"] { return name }
            return nil
        }
        let shown = names.prefix(6).joined(separator: ", ")
        return names.count > 6 ? shown + ", … (\(names.count))" : shown
    }
}
