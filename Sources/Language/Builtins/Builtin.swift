/// One builtin function, declared once: the same declaration serves calls (argument
/// binding and checking), completion (its labels), inspect and `help` (its signature
/// and doc).
public struct Builtin {
    /// What the implementation receives: the bound arguments and the running session.
    public typealias Implementation = (BuiltinCall) throws(RuntimeError) -> Value

    public let name: String
    public let parameters: [Parameter]
    /// One line saying what it does, e.g. `Rounds a number.`
    public let summary: String
    /// Further paragraphs for `help`; may be empty.
    public let details: String
    let implementation: Implementation

    public init(
        _ name: String, parameters: [Parameter], summary: String, details: String = "",
        implementation: @escaping Implementation
    ) {
        self.name = name
        self.parameters = parameters
        self.summary = summary
        self.details = details
        self.implementation = implementation
    }

    /// `round(x, digits: 0)`, `print(values..., sep: " ", end: "\n")`.
    public var signature: String {
        name + "(" + parameters.map(\.signatureText).joined(separator: ", ") + ")"
    }

    /// The labels the builtin accepts, in declaration order.
    public var labels: [String] {
        parameters.filter { $0.kind == .labelled }.map(\.name)
    }

    /// Whether `x.name(...)` can call it: it must take a first positional argument.
    public var acceptsReceiver: Bool {
        parameters.contains { $0.kind == .positional || $0.kind == .variadic }
    }

    /// The text `help(f)` pages and inspect shows: signature, summary, details.
    public var helpText: String {
        var text = signature + "\n\n" + summary
        if !details.isEmpty { text += "\n\n" + details }
        return text
    }
}

/// One parameter of a builtin.
public struct Parameter {
    public enum Kind: Sendable, Equatable {
        /// Passed by position (or by its name as a label).
        case positional
        /// Takes every remaining positional argument: `print(values...)`.
        case variadic
        /// Passed only with its label: `digits: 2`.
        case labelled
    }

    public let name: String
    public let kind: Kind
    /// False for labelled parameters with a default and optional positional ones.
    public let isRequired: Bool
    /// The value used when the argument is absent; nil means "absent" (the implementation decides).
    public let defaultValue: Value?
    /// How the default reads in signatures, e.g. `0`, `adam()`, `auto`.
    public let defaultText: String?

    init(name: String, kind: Kind, isRequired: Bool, defaultValue: Value?, defaultText: String?) {
        self.name = name
        self.kind = kind
        self.isRequired = isRequired
        self.defaultValue = defaultValue
        self.defaultText = defaultText
    }

    /// A required positional parameter: `x`.
    public static func positional(_ name: String) -> Parameter {
        Parameter(name: name, kind: .positional, isRequired: true, defaultValue: nil, defaultText: nil)
    }

    /// An optional positional parameter, shown as `[name]`; absent unless passed.
    public static func optional(_ name: String) -> Parameter {
        Parameter(name: name, kind: .positional, isRequired: false, defaultValue: nil, defaultText: nil)
    }

    /// `values...`: every remaining positional argument.
    public static func variadic(_ name: String) -> Parameter {
        Parameter(name: name, kind: .variadic, isRequired: false, defaultValue: nil, defaultText: nil)
    }

    /// A labelled parameter with a default value: `digits: 0`.
    public static func labelled(_ name: String, default value: Value, shown: String? = nil) -> Parameter {
        Parameter(
            name: name, kind: .labelled, isRequired: false, defaultValue: value,
            defaultText: shown ?? value.plainText())
    }

    /// A labelled parameter whose default the implementation computes (absent reads as
    /// nil), shown as `shown`: `optimizer: adam()`, `loss: auto`.
    public static func labelled(_ name: String, shown: String) -> Parameter {
        Parameter(name: name, kind: .labelled, isRequired: false, defaultValue: nil, defaultText: shown)
    }

    /// A labelled parameter that must be given: `load_idx(images: path, labels: path)`.
    public static func requiredLabel(_ name: String, placeholder: String) -> Parameter {
        Parameter(name: name, kind: .labelled, isRequired: true, defaultValue: nil, defaultText: placeholder)
    }

    var signatureText: String {
        switch kind {
        case .positional: return isRequired ? name : "[\(name)]"
        case .variadic: return name + "..."
        case .labelled: return name + ": " + (defaultText ?? "nil")
        }
    }
}
