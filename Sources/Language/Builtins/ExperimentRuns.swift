import Experiments
import Foundation
import Learn
import Store

/// Finding and loading runs for the experiment builtins: by run value, id, unique id
/// prefix or name, from the session's store, falling back to this session's own runs
/// when the store cannot be opened (`fit` keeps them in `TrainingRuns`).
extension BuiltinCall {
    /// The run the argument `name` gives: a run value as it is, or a string naming one.
    func runArgument(_ name: String) throws(RuntimeError) -> RunValue {
        switch argument(name) {
        case .native(let native):
            if let run = native as? RunValue { return run }
        case .string(let reference):
            return try findRun(reference, at: span(of: name))
        default:
            break
        }
        throw mismatch(name, expected: "a run (or a run's id or name)")
    }

    /// The run `reference` (an id, unique id prefix or name) names, read from the store
    /// with its weights; this session's runs answer when the store cannot.
    ///
    /// - Throws: at the argument: no such run (with the closest name), or an id prefix
    ///   that matches several runs (listing them).
    func findRun(_ reference: String, at span: SourceSpan) throws(RuntimeError) -> RunValue {
        let store: ExperimentStore
        do throws(RuntimeError) {
            store = try experimentStore()
        } catch {
            if let local = trainingRuns.find(reference) { return local }
            throw error
        }
        do throws(StoreError) {
            return loadRun(try store.store.run(reference), from: store)
        } catch .unknownRun {
            if let local = trainingRuns.find(reference) { return local }
            var message = StoreError.unknownRun(reference).description
            if let suggestion = Suggestion.closest(to: reference, among: knownRunNames(store.store)) {
                message += " (did you mean \(Value.quote(suggestion))?)"
            }
            throw .invalidArgument(function: builtin.name, message: message, span: span)
        } catch .ambiguousRun(let text, let matches) {
            throw .invalidArgument(
                function: builtin.name, message: StoreError.ambiguousRun(text, matches: matches).description,
                span: span)
        } catch {
            throw failure(error.description)
        }
    }

    /// Every run name in the store and this session, for "did you mean".
    private func knownRunNames(_ store: any RunReader) -> [String] {
        let stored = (try? store.runs(sort: "name", limit: nil))?.compactMap(\.name) ?? []
        var seen = Set<String>()
        return (trainingRuns.runs.compactMap(\.name).reversed() + stored).filter { seen.insert($0).inserted }
    }

    /// A stored run as a value, with its trained weights when they can be read.
    func loadRun(_ record: RunRecord, from store: ExperimentStore) -> RunValue {
        ExperimentWeights.run(record, from: store)
    }
}

/// Rebuilds a run's model from its spec and the weights object (the experiments layer
/// reads both; no Strata code runs).
enum ExperimentWeights {
    /// A stored run as a value, with its trained weights when they can be read (a run
    /// whose weights object is damaged still shows its params and history; `restore`
    /// reports the damage).
    static func run(_ record: RunRecord, from store: ExperimentStore) -> RunValue {
        let run = ExperimentRun(record)
        let model: Sequential
        do throws(RestoreError) {
            model = try store.model(of: run)
        } catch {
            model = unbuilt(run)
        }
        return RunValue(stored: record, model: model, store: store.store)
    }

    /// The run's layers without weights, for a run whose weights cannot be read.
    static func unbuilt(_ run: ExperimentRun) -> Sequential {
        if let spec = run.model, let model = try? Sequential(spec.layers) { return model }
        // No layers to rebuild: a one-layer stand-in that no data fits, so evaluate and
        // predict fail with "not trained" instead of using anything wrong.
        return try! Sequential([.flatten])
    }
}
