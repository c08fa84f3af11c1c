import Experiments

extension TrainFit {
    /// `fit(early_stop_on:)`: the objective early stopping watches, checked against the
    /// data before training starts; nil when absent (the validation loss).
    /// - Throws: at `early_stop_on`: an unknown metric, a metric the task cannot have
    ///   (`auc` for regression), a `val_` metric without `val:` data, or no `early_stop`
    ///   patience to stop with.
    static func earlyStopObjective(
        _ call: BuiltinCall, task: TrainingSchema.Task, hasValidation: Bool,
        patience: Int?
    ) throws(RuntimeError) -> Objective? {
        guard let objective = try call.objective("early_stop_on") else { return nil }
        guard patience != nil else {
            throw call.invalid(
                "early_stop_on",
                "'early_stop_on' needs 'early_stop', the number of epochs to wait "
                    + "for an improvement (early_stop: 5)")
        }
        do throws(ObjectiveError) {
            try objective.check(classification: task.isClassification)
            if !hasValidation, let name = objective.names.first(where: \.validationOnly) {
                throw .needsValidation(metric: name.description)
            }
        } catch {
            throw call.objectiveProblem("early_stop_on", error)
        }
        return objective
    }
}
