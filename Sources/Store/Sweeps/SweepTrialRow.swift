import Foundation

/// One trial of a sweep as the store records it (`sweep_trials`): its number, the
/// params sampled for it, how it ended and the values it reported on the way.
public struct SweepTrialRow: Sendable, Hashable {
    /// The `error` of a trial whose process was found gone.
    public static let processGoneError = "its process is gone"
    /// How long a running trial may go without a heartbeat before a claim marks it
    /// failed: longer than the time between two reports of a slow epoch, short enough
    /// that a sweep whose worker on another machine died recovers the same hour.
    public static let defaultStaleAfter: TimeInterval = 15 * 60

    public var sweep: String
    /// 1, 2, 3... in the order trials were claimed; unique within the sweep.
    public var number: Int
    /// The sampled params, a JSON record.
    public var params: ParamValue
    public var state: SweepTrialState
    /// The objective's value for a finished trial (the value it was pruned at for a
    /// pruned one); nil while it runs, for a failed one, or when the value was not a
    /// number.
    public var value: Double?
    /// The run that trained the trial, when there is one.
    public var run: RunID?
    /// Why a failed trial failed.
    public var error: String?
    /// A failed trial whose worker vanished (killed, crashed, silent past the timeout)
    /// rather than one whose code failed: it does not count toward the sweep's trials.
    public var processGone: Bool
    /// Values reported along the way, by step (epoch), for the pruner.
    public var intermediate: [Int: Double]
    /// The host and process working on the trial.
    public var host: String?
    public var pid: Int?
    /// The last sign of life from its process (claim, report or heartbeat).
    public var heartbeat: Date
    public var started: Date
    public var ended: Date?

    public init(
        sweep: String, number: Int, params: ParamValue, state: SweepTrialState, value: Double? = nil,
        run: RunID? = nil, error: String? = nil, processGone: Bool = false, intermediate: [Int: Double] = [:],
        host: String?, pid: Int?, heartbeat: Date, started: Date, ended: Date? = nil
    ) {
        self.sweep = sweep
        self.number = number
        self.params = params
        self.state = state
        self.value = value
        self.run = run
        self.error = error
        self.processGone = processGone
        self.intermediate = intermediate
        self.host = host
        self.pid = pid
        self.heartbeat = heartbeat
        self.started = started
        self.ended = ended
    }

    /// Whether the trial counts toward the sweep's target: every trial but those whose
    /// process vanished, which are claimed again under a new number. A trial whose code
    /// failed counts (running it again would most likely fail again, and a sweep whose
    /// every trial fails must still end).
    public var countsTowardTarget: Bool { !(state == .failed && processGone) }

    /// Whether a `running` trial's worker is gone: on `localHost`, its pid no longer
    /// exists; anywhere, it gave no sign of life for `staleAfter` seconds. A pid reused by
    /// another process keeps the trial running until the heartbeat goes stale.
    package func workerIsGone(localHost: String, now: Date, staleAfter: TimeInterval) -> Bool {
        guard state == .running else { return false }
        if now.timeIntervalSince(heartbeat) > staleAfter { return true }
        guard let host, host == localHost, let pid else { return false }
        return kill(pid_t(pid), 0) != 0 && errno == ESRCH
    }
}
