/// A fit's checked arguments reused for another run: `learning_curve` reads its fit
/// labels once through `TrainFit(call)` and trains one such copy per point.
extension TrainFit {
    /// `fit` as checked, on the rows of `train` (a subset of the checked training data,
    /// so its preprocessing, columns and task agree and the validation data prepared for
    /// it still applies), training `model` and recording the run under `name` and `tags`.
    init(_ fit: TrainFit, model: ModelValue, train: DatasetValue, name: String?, tags: [String]) throws(RuntimeError) {
        call = fit.call
        modelValue = model
        self.train = train
        validation = fit.validation
        validationData = fit.validationData
        options = fit.options
        earlyStopOn = fit.earlyStopOn
        self.name = name
        self.tags = tags
        do throws(TrainingData.Problem) {
            trainData = try TrainingData(train.dataset)
        } catch {
            throw call.invalid("train", error.message)
        }
    }
}
