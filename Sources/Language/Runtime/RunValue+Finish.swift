import Experiments
import Foundation

extension RunValue {
    /// Takes the end of training: the weights it ended with, the end time, the outcome
    /// and the status that follows from it.
    func finish(with result: TrainingResult) {
        model = result.model
        ended = Date()
        outcome = result.outcome
        status = Status(rawValue: result.outcome.status.rawValue) ?? .failed
    }
}
