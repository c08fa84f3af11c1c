import Data
import Foundation
import Store

/// `drift(run, data:)` and `strata drift RUN`: the run's training profile (kept with
/// the run as the artifact `training_profile.json`, or made from `reference`) against
/// served data, both as the model reads them.
public enum DriftCheck {
    /// The artifact a fit keeps its training data's profile in.
    public static let profileArtifact = "training_profile.json"

    /// - Parameters:
    ///   - served: the served rows: a prediction log's dataset (`PredictionLogData`) or
    ///     any data with the run's input columns (and, optionally, `prediction`).
    ///   - reference: training data to compare with instead of the kept profile.
    public static func report(
        run: ExperimentRun, objects: any ObjectStorage, served: Dataset,
        reference: Dataset? = nil
    ) throws(DriftReport.Problem) -> DriftReport {
        guard let preprocessing = run.preprocessing else {
            throw DriftReport.Problem(
                description: "run \(run.id) kept no preprocessing (it was recorded before Strata "
                    + "kept it), so its input columns are unknown")
        }
        let profile: DataProfile
        if let reference {
            profile = DataProfile(of: try prepare(reference, preprocessing, what: "the reference data"))
        } else {
            guard let artifact = run.record.artifacts.first(where: { $0.name == profileArtifact }) else {
                throw DriftReport.Problem(
                    description: "run \(run.id) kept no profile of its training data (it was "
                        + "trained before Strata kept one); pass the training data as reference:")
            }
            let bytes: Data
            do throws(StoreError) {
                bytes = try objects.object(artifact.object)
            } catch {
                throw DriftReport.Problem(description: "the training profile of run \(run.id): \(error)")
            }
            guard let decoded = DataProfile.decode(json: bytes) else {
                throw DriftReport.Problem(description: "the training profile of run \(run.id) does not read")
            }
            profile = decoded
        }
        let prepared = try prepare(served, preprocessing, what: "the served data")
        return try DriftReport.compare(
            profile: profile, served: prepared, predictions: served.column(named: "prediction"),
            preprocessing: preprocessing)
    }

    /// Every logged request `run` answered (under any served name, or only as `model`
    /// when given), since `since`, as a dataset (`PredictionLogData`).
    public static func loggedRows(
        of run: ExperimentRun, in log: any PredictionLog, model: String? = nil,
        since: Date? = nil
    ) throws(StoreError) -> Dataset {
        var records: [PredictionRecord] = []
        let names: [String]
        if let model { names = [model] } else { names = try log.predictionLogs().map(\.model) }
        for name in names {
            records += try log.predictions(model: name, since: since).filter { $0.run == run.id }
        }
        records.sort { $0.time < $1.time }
        return PredictionLogData.dataset(
            records, name: model ?? run.name ?? run.id.rawValue,
            preprocessing: run.preprocessing)
    }

    static func prepare(_ data: Dataset, _ preprocessing: Preprocessing, what: String) throws(DriftReport.Problem)
        -> Dataset
    {
        do throws(PreparationError) {
            return try data.prepared(for: preprocessing).dataset
        } catch {
            throw DriftReport.Problem(description: "\(what): \(error)")
        }
    }
}
