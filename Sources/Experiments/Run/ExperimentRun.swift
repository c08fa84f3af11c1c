import Data
import Foundation
import Learn
import Store

/// A run as the experiments layer reads it: the store's record, with its model spec and
/// fit settings decoded. `strata show --json`, the notebook's run values, the presenter
/// and model loading all start from this one value.
public struct ExperimentRun: Sendable {
    /// The version of `json` (the typed run document).
    public static let schemaVersion = 1

    /// Everything the store keeps about the run.
    public let record: RunRecord
    /// The model's layers and sample shape; nil for a run without a model, or one whose
    /// spec does not read (`modelProblem` says why).
    public let model: ModelSpec?
    public let modelProblem: String?
    /// The fit's settings; nil for runs that are not fits (or params that do not read).
    public let fit: FitParams?
    /// What the training data went through; nil for runs recorded before preprocessing
    /// was kept (schema 4 and older), or a spec that does not read (`preprocessingProblem`).
    public let preprocessing: Preprocessing?
    public let preprocessingProblem: String?

    public init(_ record: RunRecord) {
        self.record = record
        fit = FitParams(record: record.params)
        switch record.preprocessing.map(Preprocessing.decode(json:)) {
        case .success(let spec)?:
            preprocessing = spec
            preprocessingProblem = nil
        case .failure(let error)?:
            preprocessing = nil
            preprocessingProblem = error.reason
        case nil:
            preprocessing = nil
            preprocessingProblem = nil
        }
        switch record.modelSpec {
        case let text? where !text.isEmpty:
            do throws(ModelError) {
                model = try ModelSpec(json: text)
                modelProblem = nil
            } catch {
                model = nil
                modelProblem = error.description
            }
        default:
            model = nil
            let layers = FitParams(record: record.params)?.layers ?? []
            modelProblem =
                layers.isEmpty
                ? "run \(record.id) has no model"
                : "the layers recorded for run \(record.id) cannot be read back: " + layers.joined(separator: ", ")
        }
    }

    public var id: RunID { record.id }
    public var name: String? { record.name }
    public var status: RunStatus { record.status }
    /// How it ended; nil while it runs.
    public var outcome: RunOutcome? { record.summary.outcome }
}

extension ExperimentRun {
    /// The trained model: the run's spec with its weights read from `objects` (which
    /// checks them against their hash). Any store's objects will do: a folder, memory,
    /// a team store.
    public func model(from objects: any ObjectStorage) throws(RestoreError) -> Sequential {
        guard let object = record.weights else { throw .noWeights(run: id, status: status) }
        guard let spec = model else { throw .noModel(modelProblem ?? "run \(id) has no model") }
        let bytes: Data
        do throws(StoreError) {
            bytes = try objects.object(object)
        } catch {
            throw .store(error)
        }
        do throws(ModelError) {
            return try Sequential(spec, weights: [UInt8](bytes))
        } catch {
            throw .mismatch(object: object, reason: error.description)
        }
    }
}
