/// Which runs a listing keeps (`runs(tag:, status:, sweep:)`, `strata runs`); a nil
/// field keeps every run, and the fields given must all match.
public struct RunFilter: Sendable, Hashable {
    /// Runs carrying this tag.
    public var tag: String?
    public var status: RunStatus?
    /// Runs of this sweep: the runs of its trials (`sweep_trials.run_id`), and runs
    /// whose params record it as a top-level `sweep` field or that carry the tag
    /// `sweep:<name>` (how a run the user tags by hand, or a session's runs before they
    /// reach a store, say which sweep they belong to).
    public var sweep: String?
    /// Runs whose name contains this text, ignoring case (the dashboard's name box).
    public var name: String?
    /// Runs that used the dataset version with this content id, or with a content id
    /// starting with it (a short id as tables show it).
    public var data: String?

    /// Every run.
    public static let all = RunFilter()

    public init(
        tag: String? = nil, status: RunStatus? = nil, sweep: String? = nil, name: String? = nil, data: String? = nil
    ) {
        self.tag = tag
        self.status = status
        self.sweep = sweep
        self.name = name
        self.data = data
    }

    /// Whether nothing is filtered out.
    public var isEmpty: Bool { tag == nil && status == nil && sweep == nil && name == nil && data == nil }

    /// The tag that marks a run of sweep `name`.
    public static func sweepTag(_ name: String) -> String { "sweep:" + name }

    /// Whether a run with these fields is kept; `isTrial`: the run is a trial of the
    /// sweep this filter asks for; `contentIDs`: the dataset versions it used.
    public func matches(
        status runStatus: RunStatus, tags: [String], sweepParam: String?, isTrial: Bool = false,
        name runName: String? = nil, contentIDs: [String] = []
    ) -> Bool {
        if let status, status != runStatus { return false }
        if let tag, !tags.contains(tag) { return false }
        if let sweep, !isTrial, sweepParam != sweep, !tags.contains(RunFilter.sweepTag(sweep)) { return false }
        if let name, !(runName?.localizedCaseInsensitiveContains(name) ?? false) { return false }
        if let data, !contentIDs.contains(where: { $0.hasPrefix(data) }) { return false }
        return true
    }

    /// Whether the stored run is kept (`isTrial` as above).
    public func matches(_ record: RunRecord, isTrial: Bool = false) -> Bool {
        let sweepParam: String?
        if case .string(let name)? = record.params["sweep"] { sweepParam = name } else { sweepParam = nil }
        return matches(
            status: record.status, tags: record.summary.tags, sweepParam: sweepParam, isTrial: isTrial,
            name: record.name, contentIDs: record.data.map(\.contentID))
    }
}
