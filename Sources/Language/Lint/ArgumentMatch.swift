/// A call's arguments matched to a builtin's parameters without running anything:
/// the same rules, in the same order and with the same messages, as the runtime's
/// `BuiltinCall` binding, so the linter reports exactly what running the cell would.
struct ArgumentMatch {
    /// The argument written for each parameter, by parameter name.
    private(set) var values: [String: Expr] = [:]
    /// The labels the caller wrote (not positions).
    private(set) var labelled: Set<String> = []
    /// What the runtime would refuse: rule, message (without the function's name), span.
    private(set) var problems: [(rule: LintRule, message: String, span: SourceSpan)] = []

    /// - Parameter arguments: as written, with the receiver of `x.f(...)` first.
    init(_ builtin: Builtin, arguments: [Argument], span: SourceSpan) {
        let positional = builtin.parameters.filter { $0.kind == .positional }
        let hasVariadic = builtin.parameters.contains { $0.kind == .variadic }
        var nextPositional = 0
        for argument in arguments {
            if let label = argument.label {
                guard let parameter = builtin.parameters.first(where: { $0.name == label.name && $0.kind != .variadic })
                else {
                    let candidates = builtin.parameters.filter { $0.kind != .variadic }.map(\.name)
                    let suggestion =
                        LabelSynonyms.suggestion(for: label.name, among: candidates)
                        ?? Suggestion.closest(to: label.name, among: candidates)
                    problems.append(
                        (
                            .unknownLabel, "unknown label '\(label.name)'" + LintAnalyzer.hint(suggestion),
                            label.span
                        ))
                    continue
                }
                guard values[parameter.name] == nil else {
                    problems.append((.repeatedLabel, "'\(label.name)' is given twice", label.span))
                    continue
                }
                values[parameter.name] = argument.value
                labelled.insert(parameter.name)
                continue
            }
            while nextPositional < positional.count, values[positional[nextPositional].name] != nil {
                nextPositional += 1
            }
            if nextPositional < positional.count {
                values[positional[nextPositional].name] = argument.value
                nextPositional += 1
            } else if !hasVariadic {
                let got = arguments.filter { $0.label == nil }.count
                problems.append(
                    (
                        .tooManyArguments, BuiltinCall.tooManyMessage(builtin, positional: positional, got: got),
                        argument.value.span
                    ))
                break
            }
        }
        // A misspelt label usually is the missing one: say that once, not twice.
        guard problems.isEmpty else { return }
        for parameter in builtin.parameters where values[parameter.name] == nil && parameter.isRequired {
            let what = parameter.kind == .labelled ? "label '\(parameter.name):'" : "argument '\(parameter.name)'"
            problems.append((.missingArgument, "missing \(what)", span))
        }
    }
}
