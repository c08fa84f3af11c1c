import Foundation
import Ingest
import Render

/// The live line of an `ingest`: shown at the first request and updated in place at
/// most four times a second (`ingest: 12 fetched, 0 unchanged, 1 skipped, 0 failed ·
/// https://example.org/pets/cat/3.png`); the interrupt button stops the ingest.
final class IngestProgress: IngestObserver {
    private let host: Host
    private let id = "strata-ingest-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    private var counts: [IngestRow.Status: Int] = [:]
    private var current = ""
    private var shown = false
    private var lastUpdate: ContinuousClock.Instant?
    private let clock = ContinuousClock()

    init(host: Host) {
        self.host = host
    }

    var shouldStop: Bool { host.isInterrupted }

    func requesting(_ url: String) {
        current = url
        refresh()
    }

    func reported(_ row: IngestRow) {
        counts[row.status, default: 0] += 1
        refresh()
    }

    /// The last state of the line: what the ingest came to.
    func finish(_ ending: String) {
        guard shown else { return }
        host.update(MimeBundle(plain: "ingest: \(tally) · \(ending)"), id: id)
    }

    private var tally: String {
        IngestRow.Status.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
    }

    private func refresh() {
        let line = MimeBundle(plain: "ingest: \(tally) · \(current)")
        guard shown else {
            host.display(line, id: id)
            shown = true
            lastUpdate = clock.now
            return
        }
        if let lastUpdate, clock.now - lastUpdate < .milliseconds(250) { return }
        lastUpdate = clock.now
        host.update(line, id: id)
    }
}
