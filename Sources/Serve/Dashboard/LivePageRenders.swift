/// The renders of live pages, shared by everyone watching the same page: a stream asks
/// for the page's main content no older than its interval and gets the render another
/// viewer's stream started (or is rendering) when there is one. Ten tabs on a sweep's
/// page cost the store one render a second, not ten.
actor LivePageRenders {
    private struct Entry {
        var started: ContinuousClock.Instant
        var render: Task<String?, Never>
    }

    private var entries: [String: Entry] = [:]
    /// How many renders were started, for tests of the sharing.
    private(set) var started = 0

    /// The main content of the page `key` (its path and query), rendered by `render` unless
    /// a render of it began less than `maxAge` ago; nil when the render failed.
    func main(
        of key: String, maxAge: Duration, render: @escaping @Sendable () async -> String?
    ) async -> String? {
        let now = ContinuousClock.now
        if let entry = entries[key], now - entry.started < maxAge { return await entry.render.value }
        // Pages no one asked for in a while are forgotten (a closed tab's page).
        entries = entries.filter { now - $0.value.started < maxAge * 10 }
        let task = Task { await render() }
        entries[key] = Entry(started: now, render: task)
        started += 1
        return await task.value
    }
}
