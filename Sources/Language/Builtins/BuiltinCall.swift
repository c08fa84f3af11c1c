import Render

/// One argument as the caller wrote it, evaluated.
struct ArgumentValue {
    var label: String?
    var labelSpan: SourceSpan?
    var value: Value
    var span: SourceSpan
}

/// What a builtin's implementation receives: its arguments bound to its parameters
/// (defaults filled in), where it was called from, and the running session (host,
/// pages, calling closures).
public struct BuiltinCall {
    public let builtin: Builtin
    /// The whole call expression, for errors about the call as a whole.
    public let span: SourceSpan
    /// The values of the variadic parameter, if the builtin has one.
    public let rest: [Value]
    /// The spans of `rest`, in order.
    public let restSpans: [SourceSpan]
    private let values: [String: Value]
    private let spans: [String: SourceSpan]
    /// The parameters the caller named with a label (`sqrt(x: 2)`).
    private let labelled: Set<String>
    let evaluator: Evaluator

    /// Binds `arguments` to `builtin`'s parameters, or throws the error a user should
    /// see: an unknown or repeated label, too many or missing arguments.
    init(builtin: Builtin, arguments: [ArgumentValue], span: SourceSpan, evaluator: Evaluator) throws(RuntimeError) {
        self.builtin = builtin
        self.span = span
        self.evaluator = evaluator
        var values: [String: Value] = [:]
        var spans: [String: SourceSpan] = [:]
        var labelled: Set<String> = []
        var rest: [Value] = []
        var restSpans: [SourceSpan] = []
        let positional = builtin.parameters.filter { $0.kind == .positional }
        let variadic = builtin.parameters.first { $0.kind == .variadic }
        var nextPositional = 0

        for argument in arguments {
            if let label = argument.label {
                let labelSpan = argument.labelSpan ?? argument.span
                guard let parameter = builtin.parameters.first(where: { $0.name == label && $0.kind != .variadic })
                else {
                    let candidates = builtin.parameters.filter { $0.kind != .variadic }.map(\.name)
                    // Another library's name for a label first (learning_rate -> lr), then spelling.
                    let suggestion =
                        LabelSynonyms.suggestion(for: label, among: candidates)
                        ?? Suggestion.closest(to: label, among: candidates)
                    throw .unknownLabel(function: builtin.name, label: label, suggestion: suggestion, span: labelSpan)
                }
                guard values[parameter.name] == nil else {
                    throw .argumentCount(function: builtin.name, message: "'\(label)' is given twice", span: labelSpan)
                }
                values[parameter.name] = argument.value
                spans[parameter.name] = argument.span
                labelled.insert(parameter.name)
                continue
            }
            // Skip positional parameters already given by label.
            while nextPositional < positional.count, values[positional[nextPositional].name] != nil {
                nextPositional += 1
            }
            if nextPositional < positional.count {
                values[positional[nextPositional].name] = argument.value
                spans[positional[nextPositional].name] = argument.span
                nextPositional += 1
            } else if variadic != nil {
                rest.append(argument.value)
                restSpans.append(argument.span)
            } else {
                throw BuiltinCall.tooMany(
                    builtin, positional: positional, got: arguments.filter { $0.label == nil }.count,
                    span: argument.span)
            }
        }
        for parameter in builtin.parameters where values[parameter.name] == nil {
            if parameter.isRequired {
                let what = parameter.kind == .labelled ? "label '\(parameter.name):'" : "argument '\(parameter.name)'"
                throw .argumentCount(function: builtin.name, message: "missing \(what)", span: span)
            }
            if let value = parameter.defaultValue { values[parameter.name] = value }
        }
        self.values = values
        self.spans = spans
        self.labelled = labelled
        self.rest = rest
        self.restSpans = restSpans
    }

    private static func tooMany(_ builtin: Builtin, positional: [Parameter], got: Int, span: SourceSpan) -> RuntimeError
    {
        .argumentCount(
            function: builtin.name, message: tooManyMessage(builtin, positional: positional, got: got), span: span)
    }

    /// `takes 1 to 2 positional arguments, got 3; pass 'step:' by its label` (the linter
    /// words the same mistake the same way).
    static func tooManyMessage(_ builtin: Builtin, positional: [Parameter], got: Int) -> String {
        let required = positional.filter(\.isRequired).count
        let expected = required == positional.count ? "\(required)" : "\(required) to \(positional.count)"
        let noun = positional.count == 1 ? "argument" : "arguments"
        var message = "takes \(expected) positional \(noun), got \(got)"
        if let label = builtin.labels.first { message += "; pass '\(label):' by its label" }
        return message
    }

    /// The argument for `name` (or its default), nil when absent.
    public func value(_ name: String) -> Value? { values[name] }

    /// Whether the caller passed `name` (or it has a default).
    public func has(_ name: String) -> Bool { values[name] != nil }

    /// Where the argument for `name` was written, or the whole call if it was defaulted.
    public func span(of name: String) -> SourceSpan { spans[name] ?? span }

    /// How a message names the argument for `name`, in the caller's terms: the label
    /// as written (`'digits'`); `the argument` when it is the builtin's only positional
    /// one, passed by position (`sqrt: the argument must be a number`), since the
    /// caller wrote no name for it; else the name `help` shows in the signature.
    public func shown(_ name: String) -> String {
        let positional = builtin.parameters.filter { $0.kind == .positional }
        if !labelled.contains(name), positional.count == 1, positional[0].name == name { return "the argument" }
        return "'\(name)'"
    }

    /// The host the cell runs in: output, display, input, interruption.
    public var host: Host { evaluator.host }

    /// The session's working directory, for relative paths.
    public var workingDirectory: String { evaluator.state.environment.workingDirectory }

    /// Per-session state later modules keep (an open store, caches).
    public var services: SessionServices { evaluator.state.services }

    /// The builtins of this session.
    public var registry: BuiltinRegistry { evaluator.state.registry }

    /// The source of the cell that is running (recorded by runs).
    public var cellSource: String { evaluator.state.source }

    /// Adds a pager page to the cell's reply (what `help` shows).
    public func page(_ bundle: MimeBundle) { evaluator.pages.append(bundle) }

    /// Calls a Strata function value (a closure or builtin) with positional arguments.
    public func call(_ function: Value, _ arguments: [Value]) throws(RuntimeError) -> Value {
        try evaluator.call(
            function, arguments: arguments.map { ArgumentValue(label: nil, value: $0, span: span) },
            span: span, name: nil)
    }

    /// Throws `interrupted` if the user interrupted the cell; long-running builtins
    /// call it between steps.
    public func checkInterrupt() throws(RuntimeError) {
        if evaluator.host.isInterrupted { throw .interrupted(span: span) }
    }

    /// A failure of this builtin, reported at the call: `num: "abc" is not a number`.
    public func failure(_ message: String) -> RuntimeError {
        .builtinFailed(function: builtin.name, message: message, span: span)
    }

    /// A bad argument, reported at the argument: `round: 'digits' must be a whole number, got 0.5`.
    public func invalid(_ name: String, _ message: String) -> RuntimeError {
        .invalidArgument(function: builtin.name, message: message, span: span(of: name))
    }
}
