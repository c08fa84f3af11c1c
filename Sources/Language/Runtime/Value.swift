import Render

/// A value a Strata program computes with.
///
/// Values never cross threads (a session runs one cell at a time on one thread), so
/// they may hold reference types such as closures' environments.
public enum Value {
    case number(Double)
    case string(String)
    case bool(Bool)
    case `nil`
    case list([Value])
    /// Fields in the order they were written.
    case record(Record)
    /// A lazy arithmetic sequence, so `for i in range(1e9)` needs no memory.
    case range(NumberRange)
    case closure(Closure)
    case builtin(Builtin)
    /// `x.f` where `f` is a function, not a field of `x`: calling it calls `f(x, ...)`.
    indirect case bound(receiver: Value, function: Value)
    /// Types added by later modules (datasets, models, runs).
    case native(any NativeValue)
}

/// What a type defined outside the core language (a dataset, a model, a run) provides
/// so the evaluator can use, show and complete it.
public protocol NativeValue: AnyObject {
    /// The name `type(x)` returns, e.g. `"dataset"`.
    var typeName: String { get }
    /// A member read with `x.name` (e.g. `run.metrics`), or nil when there is none, in
    /// which case `x.name(...)` falls back to uniform call syntax.
    func member(named name: String) -> Value?
    /// The members `member(named:)` answers, for completion.
    var memberNames: [String] { get }
    /// The rich display of the value, as a cell result or through `show`.
    func display() -> MimeBundle
    /// One line for `help`, inspect and listings, e.g. `dataset iris: 150 rows, 4 columns`.
    var summary: String { get }
    /// What `len(x)` returns, or nil when the type has no length.
    var length: Int? { get }
    /// The elements `for x in value` visits, or nil when the value is not iterable.
    func elements() -> [Value]?
    /// `x[key]` when the type gives the subscript a meaning of its own (a dataset's
    /// column by name); nil leaves it to the defaults: a string reads a member, a number
    /// an element. Throws for a key the type knows is wrong, e.g. an unknown column.
    func subscripted(by key: Value, span: SourceSpan) throws(RuntimeError) -> Value?
}

extension NativeValue {
    public var memberNames: [String] { [] }
    public func member(named name: String) -> Value? { nil }
    public var summary: String { display().plainText.split(separator: "\n").first.map(String.init) ?? typeName }
    public var length: Int? { nil }
    public func elements() -> [Value]? { nil }
    public func subscripted(by key: Value, span: SourceSpan) throws(RuntimeError) -> Value? { nil }
}

/// A record's fields, in the order they were written. Field names are unique; setting
/// an existing name keeps its position.
public struct Record {
    public private(set) var names: [String] = []
    private var storage: [String: Value] = [:]

    public init() {}

    public init(_ fields: [(String, Value)]) {
        for (name, value) in fields { self[name] = value }
    }

    public subscript(name: String) -> Value? {
        get { storage[name] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: name) == nil { names.append(name) }
            } else if storage.removeValue(forKey: name) != nil {
                names.removeAll { $0 == name }
            }
        }
    }

    public var count: Int { names.count }
    public var isEmpty: Bool { names.isEmpty }
    public var fields: [(name: String, value: Value)] { names.map { ($0, storage[$0]!) } }
}

/// `range(start, end, step: s)`: numbers from `start` up to (not including) `end`.
public struct NumberRange: Equatable {
    public var start: Double
    public var end: Double
    public var step: Double

    public init(start: Double, end: Double, step: Double) {
        self.start = start
        self.end = end
        self.step = step
    }

    public var count: Int {
        let span = (end - start) / step
        guard span > 0, span.isFinite else { return 0 }
        let whole = span.rounded(.up)
        return whole >= Double(Int.max) ? Int.max : Int(whole)
    }

    public func element(at index: Int) -> Double { start + Double(index) * step }
}

/// A function written in Strata: its parameters, body and the scope it was created in.
public final class Closure {
    public let parameters: [String]
    public let body: [Stmt]
    let captured: Scope
    /// The cell it was written in, so errors inside it can quote the right source.
    let origin: CellOrigin
    /// The name it was first bound to, for error messages and display; nil if anonymous.
    public internal(set) var name: String?

    init(parameters: [String], body: [Stmt], captured: Scope, origin: CellOrigin, name: String? = nil) {
        self.parameters = parameters
        self.body = body
        self.captured = captured
        self.origin = origin
        self.name = name
    }

    /// `(x, y)`, as displays and help show it.
    public var signature: String { "(" + parameters.joined(separator: ", ") + ")" }
}

extension Value {
    /// The name `type(x)` returns.
    public var typeName: String {
        switch self {
        case .number: return "number"
        case .string: return "string"
        case .bool: return "bool"
        case .nil: return "nil"
        case .list: return "list"
        case .record: return "record"
        case .range: return "range"
        case .closure, .builtin, .bound: return "function"
        case .native(let native): return native.typeName
        }
    }

    /// The type's name as a message says what it got: `a list`, `an optimizer`, `nil`.
    public var typePhrase: String {
        if case .nil = self { return "nil" }
        let name = typeName
        return ("aeiou".contains(name.first ?? "x") ? "an " : "a ") + name
    }

    public var isNil: Bool {
        if case .nil = self { return true }
        return false
    }

    /// The elements of a list or range, or nil for anything else.
    /// Ranges are materialised, so callers that may see huge ranges iterate instead.
    public var sequenceElements: [Value]? {
        switch self {
        case .list(let items): return items
        case .range(let range): return (0..<range.count).map { .number(range.element(at: $0)) }
        case .native(let native): return native.elements()
        default: return nil
        }
    }
}
