import JupyterWire

/// What the kernel needs of a language. The kernel never imports the language: the
/// executable adapts a language session to this protocol, and tests use a mock.
///
/// Every method is called on the kernel's one execution thread, one call at a time,
/// so an implementation may keep unsynchronised state.
public protocol Interpreter: AnyObject {
    /// Runs one cell. Outputs go to `context.output` as they happen; the outcome says
    /// whether the cell succeeded and, if so, what its result is.
    func execute(code: String, context: ExecutionContext) -> ExecutionOutcome
    /// Ends what the language runs in the background (a server a cell started), once
    /// the kernel has shut down and no cell runs any more.
    func close()

    /// Evaluates one `user_expressions` entry in the session, without side effects on
    /// the execution count. Returns a MIME bundle or an error.
    func evaluate(expression: String, context: ExecutionContext) -> ExpressionOutcome

    /// Completion candidates at `cursor` (an offset in Unicode scalars, as the protocol counts).
    func complete(code: String, cursor: Int) -> CompletionResult

    /// Help for the name at `cursor`, or nil when there is nothing to say.
    func inspect(code: String, cursor: Int, detailLevel: Int) -> DisplayBundle?

    /// Whether `code` is ready to run, as the front end asks before sending it.
    func isComplete(code: String) -> Completeness

    /// Something a front end did with a widget the language made (a click), delivered
    /// between cells like a request: output goes to `context.output` with the comm
    /// message as parent, and `context.widgets` may change widgets.
    func handleWidgetEvent(_ event: WidgetEvent, context: ExecutionContext)

    /// The `language_info` facts of kernel_info_reply.
    var languageInfo: LanguageInfo { get }

    /// The banner shown by consoles.
    var banner: String { get }
}

/// A MIME bundle: `data` maps a MIME type to its content (text, base64 for images,
/// JSON for `application/json`).
public struct DisplayBundle: Sendable, Equatable {
    public var data: [String: JSONValue]
    public var metadata: [String: JSONValue]
    public init(data: [String: JSONValue], metadata: [String: JSONValue] = [:]) {
        self.data = data
        self.metadata = metadata
    }
    /// A bundle with only a `text/plain` form.
    public static func plain(_ text: String) -> DisplayBundle {
        DisplayBundle(data: ["text/plain": .string(text)])
    }
}

/// How a cell ended.
public enum ExecutionOutcome: Sendable, Equatable {
    /// The cell ran; `result` is its last expression's display (nil: nothing to show).
    /// `payload` holds pager entries (`help(f)`), as IPython's `?` does.
    case success(result: DisplayBundle?, payload: [Payload])
    /// The cell failed; `traceback` lines may carry ANSI colour.
    case failure(KernelError)
}

/// A user-visible error: `ename`, `evalue`, `traceback`.
public struct KernelError: Sendable, Equatable, Error {
    public var name: String
    public var value: String
    public var traceback: [String]
    public init(name: String, value: String, traceback: [String]) {
        self.name = name
        self.value = value
        self.traceback = traceback
    }
}

/// An execute_reply payload entry.
public enum Payload: Sendable, Equatable {
    /// Shown in the front end's pager: `{"source": "page", "data": ..., "start": 0}`.
    case page(DisplayBundle)
}

public enum ExpressionOutcome: Sendable, Equatable {
    case value(DisplayBundle)
    case failure(KernelError)
}

public struct CompletionResult: Sendable, Equatable {
    public var matches: [String]
    /// Unicode-scalar offsets of the text the matches replace.
    public var cursorStart: Int
    public var cursorEnd: Int
    /// Per-match extra facts (`type`, `signature`) for `_jupyter_types_experimental`.
    public var types: [CompletionType]
    public init(matches: [String], cursorStart: Int, cursorEnd: Int, types: [CompletionType] = []) {
        self.matches = matches
        self.cursorStart = cursorStart
        self.cursorEnd = cursorEnd
        self.types = types
    }
}

public struct CompletionType: Sendable, Equatable {
    public var text: String
    public var type: String
    public var signature: String
    public init(text: String, type: String, signature: String = "") {
        self.text = text
        self.type = type
        self.signature = signature
    }
}

public enum Completeness: Sendable, Equatable {
    case complete
    case incomplete(indent: String)
    case invalid
    case unknown
}

public struct LanguageInfo: Sendable, Equatable {
    public var name: String
    public var version: String
    public var mimetype: String
    public var fileExtension: String
    public var pygmentsLexer: String
    public var codemirrorMode: String
    public init(
        name: String, version: String, mimetype: String, fileExtension: String,
        pygmentsLexer: String, codemirrorMode: String
    ) {
        self.name = name
        self.version = version
        self.mimetype = mimetype
        self.fileExtension = fileExtension
        self.pygmentsLexer = pygmentsLexer
        self.codemirrorMode = codemirrorMode
    }
}

extension Interpreter {
    public func close() {}

    /// A language without widgets has no events to handle.
    public func handleWidgetEvent(_ event: WidgetEvent, context: ExecutionContext) {}
}
