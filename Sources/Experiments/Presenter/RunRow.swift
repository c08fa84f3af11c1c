import Foundation
import Store

/// One run as a table of runs shows it: from the store's summary, or from a run this
/// session trained when the store is out of reach.
public struct RunRow: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var status: String
    public var created: Date
    public var ended: Date?
    /// Final metrics.
    public var metrics: [String: Double]
    public var tags: [String]

    public init(
        id: String, name: String?, status: String, created: Date, ended: Date?, metrics: [String: Double],
        tags: [String]
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.created = created
        self.ended = ended
        self.metrics = metrics
        self.tags = tags
    }

    /// The row of a stored run.
    public init(_ summary: RunSummary) {
        self.init(
            id: summary.id.rawValue, name: summary.name, status: RunPresenter.status(summary),
            created: summary.created, ended: summary.ended, metrics: summary.metrics, tags: summary.tags)
    }
}
