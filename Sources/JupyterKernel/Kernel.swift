import Dispatch
import JupyterWire
import Synchronization

/// A link shown in the front end's Help menu (`help_links` of kernel_info_reply).
public struct HelpLink: Sendable, Equatable {
    public var text: String
    public var url: String
    public init(text: String, url: String) {
        self.text = text
        self.url = url
    }
}

/// The Jupyter kernel session: receives requests from the shell and control threads,
/// runs cells on its one execution thread, and answers through a `KernelTransport`.
///
/// Shell requests (and control requests that need the interpreter) run in arrival order
/// on the execution thread; other control requests (kernel_info, interrupt, shutdown)
/// are answered at once on the calling thread, even while a cell runs. Comm messages
/// (widget clicks) queue like cells and are handled between them. Every request is
/// bracketed by `status: busy` and `status: idle` on IOPub.
public final class Kernel: Sendable {
    let transport: any KernelTransport
    let history: any HistoryStore
    let factory: KernelMessageFactory
    let implementationVersion: String
    let helpLinks: [HelpLink]
    let log: @Sendable (String) -> Void
    /// Read once at creation: kernel_info on control must not wait for the interpreter.
    let languageInfo: LanguageInfo
    let banner: String
    /// Locked only by the execution thread; the lock makes the confinement checkable.
    let interpreter: Mutex<any Interpreter>
    let executionThread: ExecutionThread
    /// The running cell's interrupt flag, reset before each cell.
    let cancellation = CancellationToken()
    /// This kernel's number in the history store.
    let historySession: Int
    let state = Mutex(SessionState())
    private let shutdownSignal = DispatchSemaphore(value: 0)
    /// The comms open now, whichever side opened them.
    let comms = CommRegistry()
    /// The widget models, behind the `jupyter.widget` target.
    let widgets: WidgetRegistry
    /// The kernel's comm targets by name: `jupyter.widget` and `jupyter.widget.control`.
    let commTargets: [String: any CommTarget]

    /// The kernel's mutable facts, behind one lock.
    struct SessionState {
        /// The count of the last cell that stored history (`In [n]`).
        var executionCount = 0
        /// Sequence numbers given to queued requests, in arrival order.
        var lastArrival = 0
        /// Execute requests that arrived at or before this number are aborted (stop_on_error).
        var abortThrough = 0
        var startedPublished = false
        var shutdown: ShutdownRequest?
    }

    /// - Parameters:
    ///   - interpreter: the language, handed over (`sending`): from now on only the
    ///     execution thread uses it, so the caller must not keep a reference to use.
    ///   - transport: where replies and publications go.
    ///   - history: where executed cells are kept; a new history session starts now.
    ///   - session: the kernel's session id, written in every header it sends.
    ///   - implementationVersion: `implementation_version` of kernel_info_reply.
    ///   - helpLinks: `help_links` of kernel_info_reply.
    ///   - log: receives one line per notable event (ignored or malformed messages,
    ///     history failures); never called with user output.
    public init(
        interpreter: sending some Interpreter & SendableMetatype, transport: any KernelTransport,
        history: any HistoryStore, session: String, implementationVersion: String,
        helpLinks: [HelpLink] = [], log: @escaping @Sendable (String) -> Void
    ) {
        languageInfo = interpreter.languageInfo
        banner = interpreter.banner
        self.interpreter = Mutex(interpreter)
        self.transport = transport
        self.history = history
        factory = KernelMessageFactory(session: session)
        self.implementationVersion = implementationVersion
        self.helpLinks = helpLinks
        self.log = log
        executionThread = ExecutionThread(name: "strata-execution")
        widgets = WidgetRegistry(log: log)
        commTargets = [
            WidgetRegistry.targetName: widgets,
            WidgetControlTarget.targetName: WidgetControlTarget(widgets: widgets, log: log),
        ]
        do {
            historySession = try history.startSession()
        } catch {
            // The kernel still runs without history; queries then answer from nothing.
            log("history unavailable: \(error)")
            historySession = 0
        }
    }

    deinit {
        // Queued jobs hold the kernel, so this runs only once the queue is empty.
        executionThread.finish()
    }

    /// Publishes `status: starting` (once) and starts the execution thread. Shell
    /// requests handled before this wait until it is called.
    public func start() {
        let first = state.withLock { state in
            defer { state.startedPublished = true }
            return !state.startedPublished
        }
        guard first else { return }
        publishStatus("starting", parent: nil)
        executionThread.start()
    }

    /// Takes one incoming message. Call from the shell thread or the control thread
    /// (concurrently is fine); returns without waiting for a cell to run.
    public func handle(_ message: Message, from channel: Channel) {
        switch channel {
        case .shell:
            enqueue(message, from: channel)
        case .control:
            if message.type?.needsInterpreter == true {
                enqueue(message, from: channel)
            } else {
                process(message, from: channel, arrival: nil)
            }
        case .stdin, .iopub, .heartbeat:
            // input_reply is read by the waiting cell through `receiveStdin`, not here.
            log("ignored \(message.header.msgType) arriving on \(channel.rawValue)")
        }
    }

    /// Interrupts the running cell (what SIGINT and interrupt_request do). The cell sees
    /// its cancellation token set, stops, and reports an error; the kernel stays up.
    public func interrupt() {
        cancellation.cancel()
    }

    /// Blocks until a shutdown_request has been answered, and returns it.
    public func waitUntilShutdown() -> ShutdownRequest {
        shutdownSignal.wait()
        // Pass the wake-up on, so every waiter returns.
        defer { shutdownSignal.signal() }
        return state.withLock { $0.shutdown } ?? ShutdownRequest(restart: false)
    }

    /// Lets the interpreter end its background work (call after `waitUntilShutdown`).
    public func closeInterpreter() {
        interpreter.withLock { $0.close() }
    }

    /// Whether a shutdown was answered; requests after it are dropped.
    var isShutDown: Bool { state.withLock { $0.shutdown != nil } }

    /// Records the shutdown, stops the running cell and wakes `waitUntilShutdown`.
    func completeShutdown(_ request: ShutdownRequest) {
        state.withLock { $0.shutdown = request }
        cancellation.cancel()
        executionThread.finish()
        shutdownSignal.signal()
    }

    private func enqueue(_ message: Message, from channel: Channel) {
        // Numbering and queueing under one lock keeps arrival numbers in queue order,
        // which stop_on_error relies on.
        state.withLock { state in
            state.lastArrival += 1
            let arrival = state.lastArrival
            executionThread.submit { [self] in process(message, from: channel, arrival: arrival) }
        }
    }

    func publishStatus(_ executionState: String, parent: MessageHeader?) {
        transport.send(
            factory.publication(
                type: .status, content: ["execution_state": .string(executionState)],
                parent: parent), on: .iopub)
    }
}
