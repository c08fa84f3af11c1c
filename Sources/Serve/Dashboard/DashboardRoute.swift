import Experiments

/// A page of the dashboard, read from a path and query: the same parse serves a request
/// and a live page's `/events?path=...` subscription.
enum DashboardRoute: Sendable, Equatable {
    case runs(RunsQuery)
    case run(String)
    case compare([String])
    case sweeps
    case sweep(String)
    case data
    case dataVersion(String)
    case tracked(String)
    case serving
    case model(String)

    /// - Throws: `.notFound` for a path that is no page, `.badRequest` for a query field
    ///   that does not read.
    init(path: String, query: Substring?) throws(DashboardError) {
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let segment = HTML.percentDecoded(raw, plus: false) else {
                throw .badRequest(field: "path", reason: "the path is not UTF-8 text")
            }
            segments.append(segment)
        }
        let items = try QueryItems(query)
        switch (segments.first, segments.count) {
        case ("runs", 1): self = .runs(try RunsQuery(items))
        case ("runs", 2): self = .run(segments[1])
        case ("compare", 1): self = .compare(items.all("run"))
        case ("sweeps", 1): self = .sweeps
        case ("sweeps", 2): self = .sweep(segments[1])
        case ("data", 1): self = .data
        case ("data", 3) where segments[1] == "versions": self = .dataVersion(segments[2])
        case ("data", 3) where segments[1] == "tracked": self = .tracked(segments[2])
        case ("serving", 1): self = .serving
        case ("serving", 2): self = .model(segments[1])
        default: throw .notFound("there is no page at \(path)")
        }
    }

    /// The navigation entry it belongs to.
    var section: String {
        switch self {
        case .runs, .run, .compare: "runs"
        case .sweeps, .sweep: "sweeps"
        case .data, .dataVersion, .tracked: "data"
        case .serving, .model: "serving"
        }
    }

    func render(_ experiments: ExperimentStore, canEdit: Bool) throws(DashboardError) -> DashboardPage {
        switch self {
        case .runs(let query): try RunsPage.render(query, experiments)
        case .run(let reference): try RunPage.render(reference, experiments, canEdit: canEdit)
        case .compare(let references): try ComparePage.render(references, experiments)
        case .sweeps: try SweepPages.list(experiments)
        case .sweep(let name): try SweepPages.sweep(name, experiments)
        case .data: try DataPages.list(experiments)
        case .dataVersion(let id): try DataPages.version(id, experiments)
        case .tracked(let id): try DataPages.tracked(id, experiments)
        case .serving: try ServingPages.list(experiments)
        case .model(let name): try ServingPages.model(name, experiments)
        }
    }
}
