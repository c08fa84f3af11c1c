import Foundation
import Store
import TextFormat

/// Local files: copied when their bytes differ from the folder's copy, which is known
/// by hashing both (a copy that already holds the same bytes is left alone).
extension Ingestor {
    func ingestLocal(_ pattern: String) throws(IngestError) {
        let listing = LocalFiles(pattern: pattern, skipping: [folder.path])
        guard !listing.files.isEmpty else {
            let reason =
                GlobPattern.hasWildcard(pattern)
                ? "no file matches it"
                : LocalFiles.kind(of: pattern) == nil ? "no such file or folder" : "the folder holds no files"
            add(IngestRow(source: pattern, file: nil, status: .failed, reason: reason))
            return
        }
        for file in listing.files {
            if observer.shouldStop { throw interruption() }
            try copyLocal(file)
        }
    }

    private func copyLocal(_ file: LocalFiles.File) throws(IngestError) {
        guard
            let target = reserve(
                FolderPath.make(relative: file.relative), for: file.path,
                unnamed: "it names no file inside the folder")
        else { return }
        observer.requesting(file.path)
        let lastModified = LocalFiles.modified(file.path).map(DateText.http)
        let source: (sha256: String, size: Int64)
        do throws(FileProblem) {
            source = try LocalFileReader.sha256(of: file.path)
        } catch {
            add(IngestRow(source: file.path, file: target, status: .failed, reason: error.description, attempts: 1))
            return
        }
        if folder.digest(of: target, size: source.size) == source.sha256 {
            let now = Date()
            let previous = known[target]
            add(
                IngestRow(
                    source: file.path, file: target, status: .unchanged, bytes: source.size, sha256: source.sha256,
                    lastModified: lastModified, attempts: 1))
            try record(
                IngestedFile(
                    path: target, source: file.path, size: source.size, sha256: source.sha256, etag: nil,
                    lastModified: lastModified,
                    fetched: previous?.sha256 == source.sha256 ? previous?.fetched ?? now : now,
                    checked: now))
            return
        }
        let partial: PartialFile
        do throws(FileProblem) {
            partial = try folder.partialFile()
            try LocalFileReader.copy(file.path, into: partial)
        } catch {
            add(IngestRow(source: file.path, file: target, status: .failed, reason: error.description, attempts: 1))
            return
        }
        // The copy's own hash is recorded: the file may have changed since it was hashed.
        try deliver(
            partial, to: target, source: file.path, etag: nil, lastModified: lastModified, attempts: 1,
            compare: false)
    }
}
