import Learn
import Store

/// Argument handling and wording shared by the experiment builtins.
extension ExperimentBuiltins {
    /// `cannot sort by 'val_acc' (did you mean 'val_accuracy'?): ...; known: created, ...`.
    static func unknownSort(_ field: String, known: [String]) -> String {
        var message = "cannot sort by \(Value.quote(field))"
        if let suggestion = Suggestion.closest(to: field, among: known) {
            message += " (did you mean \(Value.quote(suggestion))?)"
        }
        return message + ": it is neither a run field nor a metric of any run; known: " + known.joined(separator: ", ")
    }

    /// Adds the runs `value` gives to `runs`: a run, a run's id or name, the result of
    /// `runs()`, or a list of those (one level deep).
    static func collectRuns(
        _ value: Value, at span: SourceSpan, into runs: inout [RunValue], call: BuiltinCall,
        nested: Bool
    ) throws(RuntimeError) {
        switch value {
        case .native(let native as RunValue):
            runs.append(native)
            return
        case .native(let native as ExperimentRunList):
            for case .native(let run as RunValue) in native.elements() ?? [] { runs.append(run) }
            return
        case .native(let native as Comparison):
            runs += native.runs
            return
        case .string(let reference):
            runs.append(try call.findRun(reference, at: span))
            return
        case .list(let items) where !nested:
            for item in items { try collectRuns(item, at: span, into: &runs, call: call, nested: true) }
            return
        default:
            break
        }
        throw .invalidArgument(
            function: call.builtin.name,
            message: "expected runs (or their ids or names), got a \(value.typeName)", span: span)
    }

    /// The model of a run the store does not have, from the weights the run ended with
    /// in this session; an error when it has none.
    static func unsavedModel(_ run: RunValue, call: BuiltinCall, problem: String) throws(RuntimeError) -> ModelValue {
        guard run.model.isBuilt else {
            throw call.failure("run \(run.id) has no weights to restore: \(problem)")
        }
        let model = ModelValue(run.model)
        model.schema = run.schema
        model.loss = run.loss
        model.runID = run.id
        return model
    }
}

extension BuiltinCall {
    /// The filter `runs(tag:, status:, sweep:)` asks for; nil labels keep every run.
    func runFilter() throws(RuntimeError) -> RunFilter {
        var filter = RunFilter()
        if !argument("tag").isNil { filter.tag = try string("tag") }
        if !argument("sweep").isNil { filter.sweep = try string("sweep") }
        if !argument("status").isNil {
            let text = try string("status")
            let known = RunStatus.allCases.map(\.rawValue)
            guard let status = RunStatus(rawValue: text) else {
                let hint =
                    Suggestion.closest(to: text, among: known).map { " (did you mean \(Value.quote($0))?)" } ?? ""
                throw invalid(
                    "status",
                    "unknown status \(Value.quote(text))\(hint); a run is "
                        + known.map(Value.quote).joined(separator: ", "))
            }
            filter.status = status
        }
        return filter
    }
}
