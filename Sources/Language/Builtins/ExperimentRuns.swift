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
        let store: Store
        do throws(RuntimeError) {
            store = try self.store()
        } catch {
            if let local = trainingRuns.find(reference) { return local }
            throw error
        }
        do throws(StoreError) {
            return loadRun(try store.run(reference), from: store)
        } catch .unknownRun {
            if let local = trainingRuns.find(reference) { return local }
            var message = StoreError.unknownRun(reference).description
            if let suggestion = Suggestion.closest(to: reference, among: knownRunNames(store)) {
                message += " (did you mean \(Value.quote(suggestion))?)"
            }
            throw .invalidArgument(function: builtin.name, message: message, span: span)
        } catch .ambiguousRun(let text, let matches) {
            throw .invalidArgument(function: builtin.name, message: StoreError.ambiguousRun(text, matches: matches).description,
                                   span: span)
        } catch {
            throw failure(error.description)
        }
    }

    /// Every run name in the store and this session, for "did you mean".
    private func knownRunNames(_ store: Store) -> [String] {
        let stored = (try? store.runs(sort: "name", limit: nil))?.compactMap(\.name) ?? []
        var seen = Set<String>()
        return (trainingRuns.runs.compactMap(\.name).reversed() + stored).filter { seen.insert($0).inserted }
    }

    /// A stored run as a value, with its trained weights when they can be read.
    func loadRun(_ record: RunRecord, from store: Store) -> RunValue {
        ExperimentWeights.run(record, from: store, host: host)
    }
}

/// Why a run's trained model cannot be rebuilt from the store.
enum ExperimentRestoreError: Error {
    /// The run saved no weights (it failed, or is still running).
    case noWeights(run: String, status: String)
    /// The recorded layers do not read back as layers.
    case unreadableLayers(run: String, layers: [String])
    /// Reading the weights object failed: missing or damaged (the error names it).
    case store(StoreError)
    /// The object is intact but does not fit the layers.
    case mismatch(object: ObjectID, reason: String)

    var message: String {
        switch self {
        case .noWeights(let run, let status):
            return "run \(run) has no saved weights (it is \(status))"
        case .unreadableLayers(let run, let layers):
            return "the layers recorded for run \(run) cannot be read back: " + layers.joined(separator: ", ")
        case .store(let error):
            return error.description
        case .mismatch(let object, let reason):
            return "weights object \(object) does not fit the run's layers: \(reason)"
        }
    }
}

/// Rebuilds a run's model: its layers from the texts `fit` recorded (read back by the
/// layer builtins themselves, so they mean exactly what they meant), its weights from
/// the store object, checked against its hash on every read.
enum ExperimentWeights {
    /// A stored run as a value, with its trained weights when they can be read (a run
    /// whose weights object is damaged still shows its params and history; `restore`
    /// reports the damage).
    static func run(_ record: RunRecord, from store: Store, host: Host) -> RunValue {
        let model: Sequential
        do throws(ExperimentRestoreError) {
            model = try ExperimentWeights.model(of: record, from: store, host: host)
        } catch {
            model = ExperimentWeights.unbuilt(record, host: host)
        }
        return RunValue(stored: record, model: model, store: store)
    }

    /// The trained model of `record`.
    static func model(of record: RunRecord, from store: Store, host: Host) throws(ExperimentRestoreError) -> Sequential {
        guard let object = record.weights else {
            throw .noWeights(run: record.id.rawValue, status: record.status.rawValue)
        }
        let texts = RunValue.layerTexts(in: record.params)
        guard let specs = layerSpecs(texts, host: host) else {
            throw .unreadableLayers(run: record.id.rawValue, layers: texts)
        }
        let bytes: Data
        do throws(StoreError) {
            bytes = try store.object(object)
        } catch {
            throw .store(error)
        }
        do throws(ModelError) {
            return try Sequential(specs, weights: [UInt8](bytes))
        } catch {
            throw .mismatch(object: object, reason: error.description)
        }
    }

    /// The run's layers without weights, for a run whose weights cannot be read.
    static func unbuilt(_ record: RunRecord, host: Host) -> Sequential {
        if let specs = layerSpecs(RunValue.layerTexts(in: record.params), host: host),
           let model = try? Sequential(specs) {
            return model
        }
        // Layers that do not read back: a one-layer stand-in that no data fits, so
        // evaluate and predict fail with "not trained" instead of using anything wrong.
        return try! Sequential([.flatten])
    }

    /// Layer texts such as `dense(16, activation: "relu")` as specs, evaluated by the
    /// layer builtins alone in a scratch session (no other names exist there); nil if
    /// any text is not a layer.
    static func layerSpecs(_ texts: [String], host: Host) -> [LayerSpec]? {
        guard !texts.isEmpty else { return nil }
        var registry = BuiltinRegistry()
        registry.register(ModelBuiltins.all)
        let state = SessionState(environment: SessionEnvironment(workingDirectory: "/"), registry: registry)
        // Layer calls nest a few frames deep; a small budget below here is plenty.
        let evaluator = Evaluator(state: state, host: host, stackBudget: 64 * 1024)
        var specs: [LayerSpec] = []
        for text in texts {
            let (expression, diagnostics) = Parser.parseExpression(text)
            guard let expression, !diagnostics.contains(where: { $0.severity == .error }),
                  case .native(let native)? = try? evaluator.evaluate(expression, in: state.globals),
                  let layer = native as? ModelLayerValue else { return nil }
            specs.append(layer.spec)
        }
        return specs
    }
}
