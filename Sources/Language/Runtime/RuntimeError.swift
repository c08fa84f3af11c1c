/// Something that went wrong while a cell ran, with the span of the code that caused
/// it. `message` says it in user terms; turning it into a traceback is the renderer's job.
public enum RuntimeError: Error {
    /// `unknown name 'dens' (did you mean 'dense'?)`
    case unknownName(String, suggestion: String?, span: SourceSpan)
    /// `print: unknown label 'sepp' (did you mean 'sep'?)`
    case unknownLabel(function: String, label: String, suggestion: String?, span: SourceSpan)
    /// `round: 'digits' must be a whole number, got 0.5`: a builtin's argument is
    /// the wrong kind of value; `message` is what follows the function's name.
    case invalidArgument(function: String, message: String, span: SourceSpan)
    /// `round: expected 1 to 2 arguments, got 3` and the like, already worded.
    case argumentCount(function: String, message: String, span: SourceSpan)
    /// A builtin's own failure, e.g. `num: "abc" is not a number`.
    case builtinFailed(function: String, message: String, span: SourceSpan)
    /// `cannot add string and number` and other operator misuse.
    case operatorMismatch(message: String, span: SourceSpan)
    case divisionByZero(span: SourceSpan)
    case indexOutOfRange(index: Int, length: Int, span: SourceSpan)
    /// A list or string index that is not a whole number, or a record key that is not a string.
    case invalidIndex(message: String, span: SourceSpan)
    /// `record has no field 'lrr' (did you mean 'lr'?)`
    case noMember(typeName: String, name: String, suggestion: String?, span: SourceSpan)
    /// `a, b = [1, 2, 3]`
    case destructureMismatch(names: Int, values: Int, span: SourceSpan)
    case destructureNotList(typeName: String, span: SourceSpan)
    case notCallable(typeName: String, span: SourceSpan)
    /// A condition (`if`, `&&`, `||`, `!`) that is not a bool.
    case notBool(context: String, typeName: String, span: SourceSpan)
    case notIterable(typeName: String, span: SourceSpan)
    case recursionLimit(span: SourceSpan)
    /// Nesting (of calls and expressions together) used up the evaluator's stack
    /// before the call limit was reached.
    case stackExhausted(span: SourceSpan)
    /// An error raised inside a closure defined in an earlier cell, whose spans point
    /// into that cell's source: reported at `span` (the call in this cell), with a
    /// note quoting where it really happened.
    indirect case inEarlierCell(RuntimeError, span: SourceSpan, note: String)
    /// The user interrupted the cell; the span is where it was running, if known.
    case interrupted(span: SourceSpan?)

    /// The error's text, e.g. `unknown name 'dens' (did you mean 'dense'?)`.
    public var message: String {
        switch self {
        case .unknownName(let name, let suggestion, _):
            return "unknown name '\(name)'" + RuntimeError.hint(suggestion)
        case .unknownLabel(let function, let label, let suggestion, _):
            return "\(function): unknown label '\(label)'" + RuntimeError.hint(suggestion)
        case .invalidArgument(let function, let message, _),
            .argumentCount(let function, let message, _),
            .builtinFailed(let function, let message, _):
            return "\(function): \(message)"
        case .operatorMismatch(let message, _), .invalidIndex(let message, _):
            return message
        case .divisionByZero:
            return "division by zero"
        case .indexOutOfRange(let index, let length, _):
            return "index \(index) is out of range for length \(length)"
        case .noMember(let typeName, let name, let suggestion, _):
            return "\(typeName) has no field or function '\(name)'" + RuntimeError.hint(suggestion)
        case .destructureMismatch(let names, let values, _):
            return "cannot unpack \(values) value\(values == 1 ? "" : "s") into \(names) name\(names == 1 ? "" : "s")"
        case .destructureNotList(let typeName, _):
            return "cannot unpack a \(typeName); expected a list"
        case .notCallable(let typeName, _):
            return "a \(typeName) is not a function and cannot be called"
        case .notBool(let context, let typeName, _):
            return "\(context) must be a bool, got \(typeName)"
        case .notIterable(let typeName, _):
            return "cannot iterate over a \(typeName); expected a list or range"
        case .recursionLimit:
            return "too much recursion (more than \(Evaluator.maximumCallDepth) nested calls)"
        case .stackExhausted:
            return "too much recursion (calls and expressions nested too deeply)"
        case .inEarlierCell(let error, _, _):
            return error.message
        case .interrupted:
            return "interrupted"
        }
    }

    /// The span of the code that caused the error, if known.
    public var span: SourceSpan? {
        switch self {
        case .unknownName(_, _, let span), .unknownLabel(_, _, _, let span),
            .invalidArgument(_, _, let span), .argumentCount(_, _, let span),
            .builtinFailed(_, _, let span), .operatorMismatch(_, let span),
            .divisionByZero(let span), .indexOutOfRange(_, _, let span),
            .invalidIndex(_, let span), .noMember(_, _, _, let span),
            .destructureMismatch(_, _, let span), .destructureNotList(_, let span),
            .notCallable(_, let span), .notBool(_, _, let span), .notIterable(_, let span),
            .recursionLimit(let span), .stackExhausted(let span), .inEarlierCell(_, let span, _):
            return span
        case .interrupted(let span):
            return span
        }
    }

    /// The Jupyter `ename`: `KeyboardInterrupt` for interrupts, `RuntimeError` otherwise.
    public var ename: String {
        switch self {
        case .interrupted: return "KeyboardInterrupt"
        case .inEarlierCell(let error, _, _): return error.ename
        default: return "RuntimeError"
        }
    }

    /// The same error as a diagnostic for the renderer.
    public var diagnostic: Diagnostic {
        Diagnostic(.error, message, span: span, notes: notes)
    }

    /// Where the error really happened, innermost first, when that is in an earlier cell.
    public var notes: [String] {
        if case .inEarlierCell(let error, _, let note) = self { return error.notes + [note] }
        return []
    }

    private static func hint(_ suggestion: String?) -> String {
        suggestion.map { " (did you mean '\($0)'?)" } ?? ""
    }
}
