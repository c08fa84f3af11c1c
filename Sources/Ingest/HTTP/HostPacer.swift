import Foundation

/// Spaces requests to each site: one at a time (the ingest makes one request at a
/// time anyway) and at least the site's delay from the end of one answer to the start
/// of the next request. Waiting is done in short naps that check whether to stop.
final class HostPacer {
    private var delays: [String: Double] = [:]
    private var lastFinished: [String: ContinuousClock.Instant] = [:]
    private let clock = ContinuousClock()

    /// Sets the delay for `origin` (`https://host:port`); the largest asked for wins.
    func setDelay(_ seconds: Double, for origin: String) {
        delays[origin] = max(delays[origin] ?? 0, seconds)
    }

    /// Waits until a request to `origin` may start.
    /// - Returns: false when `shouldStop` became true while waiting.
    func waitTurn(for origin: String, shouldStop: () -> Bool) -> Bool {
        guard let last = lastFinished[origin], let delay = delays[origin], delay > 0 else { return !shouldStop() }
        return HostPacer.sleep(until: last + .milliseconds(Int64(delay * 1000)), clock: clock, shouldStop: shouldStop)
    }

    /// Notes that a request to `origin` has just been answered (or failed).
    func finished(_ origin: String) {
        lastFinished[origin] = clock.now
    }

    /// Sleeps `seconds` in naps of at most 100 ms; false when `shouldStop` cut it short.
    static func sleep(_ seconds: Double, shouldStop: () -> Bool) -> Bool {
        let clock = ContinuousClock()
        return sleep(until: clock.now + .milliseconds(Int64(seconds * 1000)), clock: clock, shouldStop: shouldStop)
    }

    private static func sleep(
        until deadline: ContinuousClock.Instant, clock: ContinuousClock,
        shouldStop: () -> Bool
    ) -> Bool {
        while clock.now < deadline {
            if shouldStop() { return false }
            let left = deadline - clock.now
            Thread.sleep(
                forTimeInterval: min(0.1, Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18))
        }
        return !shouldStop()
    }
}
