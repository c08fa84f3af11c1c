import JupyterWire
import Synchronization

/// Where a running cell sends its output. Implementations publish on IOPub with the
/// request as parent; tests collect into memory. Safe to call from any thread.
public protocol OutputSink: Sendable {
    func stream(_ name: StreamName, text: String)
    /// `display_data`; with a `displayID`, later updates replace it in place.
    func display(_ bundle: DisplayBundle, displayID: String?)
    /// `update_display_data` for an earlier `display(_:displayID:)`.
    func updateDisplay(_ bundle: DisplayBundle, displayID: String)
    func clearOutput(wait: Bool)
}

public enum StreamName: String, Sendable {
    case stdout, stderr
}

/// Reads a line from the user through the front end (`input_request` on stdin).
public protocol InputReader: Sendable {
    /// Blocks until the user answers. Throws `InputError.notAllowed` when the request
    /// said `allow_stdin: false`, `.interrupted` when the cell is interrupted.
    func readLine(prompt: String, password: Bool) throws(InputError) -> String
}

public enum InputError: Error, Sendable, Equatable {
    case notAllowed
    case interrupted
}

/// A flag a running cell polls to learn that the user interrupted it. Set from the
/// control thread or the SIGINT handler; cleared by the kernel before each cell.
public final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public var isCancelled: Bool { flag.load(ordering: .acquiring) }
    public func cancel() { flag.store(true, ordering: .releasing) }
    public func reset() { flag.store(false, ordering: .releasing) }
}

/// Everything a cell may use while it runs.
public struct ExecutionContext: Sendable {
    public var output: any OutputSink
    public var input: any InputReader
    public var cancellation: CancellationToken
    /// The count this cell is shown with (`In [n]`).
    public var executionCount: Int
    /// Whether the front end asked for no output (`silent`).
    public var silent: Bool
    /// The widgets this request may create and change; nil where there is no front end
    /// to show them (expressions evaluated for `user_expressions`, tests).
    public var widgets: WidgetSession?

    public init(
        output: any OutputSink, input: any InputReader, cancellation: CancellationToken,
        executionCount: Int, silent: Bool, widgets: WidgetSession? = nil
    ) {
        self.output = output
        self.input = input
        self.cancellation = cancellation
        self.executionCount = executionCount
        self.silent = silent
        self.widgets = widgets
    }
}
