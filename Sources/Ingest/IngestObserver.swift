/// How an ingest reports as it goes and learns that it should stop: the notebook
/// adapts its host to it (a progress line, the interrupt button); tests record.
public protocol IngestObserver: AnyObject {
    /// Polled between requests and while waiting for one: true stops the ingest,
    /// which then throws `.interrupted` (files already in place stay, and are recorded).
    var shouldStop: Bool { get }
    /// A request is about to go out (for a progress line).
    func requesting(_ url: String)
    /// A row was decided.
    func reported(_ row: IngestRow)
}
