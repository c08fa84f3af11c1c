/// Reading runs: what tables of runs, `run(id)`, `compare` and `strata show` ask for.
public protocol RunReader: Sendable {
    /// The runs `filter` keeps, sorted by a field (`created`, `ended`, `name`, `status`,
    /// `id`) or a final metric name, a leading `-` sorting descending; runs without the
    /// metric last whichever the direction; `limit` nil for all, after skipping the first
    /// `offset` (a page of a long list: the dashboard's runs table).
    /// - Throws: `.unknownSortField` naming the fields and metrics known.
    func runs(sort: String, limit: Int?, offset: Int, filter: RunFilter) throws(StoreError) -> [RunSummary]
    /// How many runs `filter` keeps.
    func runCount(filter: RunFilter) throws(StoreError) -> Int
    /// The names of every final metric any run has, sorted.
    func metricNames() throws(StoreError) -> [String]
    /// The id of the run `reference` names: an exact id, else the newest run of that
    /// name, else the one run whose id starts with it (case-insensitively).
    /// - Throws: `.unknownRun`, or `.ambiguousRun` listing the matches.
    func resolveRun(_ reference: String) throws(StoreError) -> RunID
    /// Everything recorded about the run `reference` names.
    func run(_ reference: String) throws(StoreError) -> RunRecord
}

extension RunReader {
    /// The runs `filter` keeps, from the first (see `runs(sort:limit:offset:filter:)`).
    public func runs(sort: String, limit: Int?, filter: RunFilter) throws(StoreError) -> [RunSummary] {
        try runs(sort: sort, limit: limit, offset: 0, filter: filter)
    }

    /// Every run, newest first, the 20 newest unless told otherwise.
    public func runs(sort: String = "-created", limit: Int? = 20) throws(StoreError) -> [RunSummary] {
        try runs(sort: sort, limit: limit, filter: .all)
    }

    /// How many runs there are.
    public func runCount() throws(StoreError) -> Int {
        try runCount(filter: .all)
    }
}
