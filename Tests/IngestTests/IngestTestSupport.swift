import Foundation
import Store

@testable import Ingest

/// The ingest records in memory, as a team store's would be, for tests.
final class MemoryIngestLog: IngestLog {
    private var folders: [String: [String: IngestedFile]] = [:]
    private(set) var writes = 0

    func ingestedFiles(in folder: String) throws(StoreError) -> [IngestedFile] {
        Array((folders[folder] ?? [:]).values)
    }

    func recordIngested(_ files: [IngestedFile], in folder: String) throws(StoreError) {
        writes += 1
        for file in files { folders[folder, default: [:]][file.path] = file }
    }

    func record(_ path: String, in folder: String) -> IngestedFile? { folders[folder]?[path] }
}

/// Records what an ingest reports; stops it after `stopAfter` rows when set.
final class RecordingObserver: IngestObserver {
    private(set) var rows: [IngestRow] = []
    private(set) var requested: [String] = []
    var stopAfter: Int?

    var shouldStop: Bool { stopAfter.map { rows.count >= $0 } ?? false }
    func requesting(_ url: String) { requested.append(url) }
    func reported(_ row: IngestRow) { rows.append(row) }
}

extension IngestReport {
    /// The row whose source ends with `suffix`.
    func row(_ suffix: String) -> IngestRow? { rows.first { $0.source.hasSuffix(suffix) } }
}

/// Options for tests: quick retries and timeouts.
func testOptions(retries: Int = 2, timeout: Double = 2) -> IngestOptions {
    IngestOptions(
        retries: retries, timeout: timeout, userAgent: "Strata/0.0.1 (+ingest)", backoff: 0.02, longestWait: 0.1)
}
