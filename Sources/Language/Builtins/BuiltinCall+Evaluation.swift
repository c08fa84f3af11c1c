import Data
import Learn

/// Data read for a trained model to be measured on (`evaluate`, `diagnose`'s `test:`,
/// `mistakes`): one reading, so each of them sees the data the same way.
extension BuiltinCall {
    /// The dataset argument `name` prepared for `trained` (its preprocessing applied,
    /// columns and classes matched by name), turned into samples, with a warning where it
    /// shares rows with the training data.
    /// - Throws: at the argument, when it has no target, missing values, or columns or a
    ///   task that differ from what the model was trained on.
    func evaluationData(_ name: String, for trained: (model: Sequential, schema: TrainingSchema, loss: Loss))
        throws(RuntimeError) -> TrainingData
    {
        let dataset = try prepared(try self.dataset(name).dataset, argument: name, for: trained.schema.preprocessing)
        let data: TrainingData
        do throws(TrainingData.Problem) {
            data = try TrainingData(dataset)
        } catch {
            throw invalid(name, error.message)
        }
        warnSharedRows(data.samples.features, argument: name, dataset: dataset, rows: trained.schema.rows)
        if let reason = trained.schema.featureMismatch(data.schema.featureNames, sampleShape: data.schema.sampleShape)
            ?? trained.schema.taskMismatch(data.schema.task)
        {
            throw invalid(name, reason)
        }
        return data
    }
}
