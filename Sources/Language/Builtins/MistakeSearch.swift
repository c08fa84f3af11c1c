import Data
import Learn
import Render
import Tensor
import TextFormat

/// One call of `mistakes`: the rows of a dataset a trained model gets most wrong, by
/// their loss. The data goes through the model's preprocessing as `evaluate` reads it;
/// the rows shown and returned are the ones the user passed, untransformed.
struct MistakeSearch {
    /// The largest `n`: a grid of more images, or a longer table, stops being readable.
    static let maxCount = 100

    let call: BuiltinCall

    func run() throws(RuntimeError) -> MistakesValue {
        let trained = try call.trainedModel("model_or_run")
        let source = try call.dataset("ds")
        let n = try call.wholeNumber("n")
        guard (1...MistakeSearch.maxCount).contains(n) else {
            throw call.invalid("n", "'n' must be a whole number from 1 to \(MistakeSearch.maxCount), got \(n)")
        }
        let data = try call.evaluationData("ds", for: trained)
        let losses: [Double]
        do throws(TrainingError) {
            losses = try Evaluation.sampleLosses(trained.model, on: data.samples, loss: trained.loss)
        } catch {
            throw call.invalid("ds", error.description)
        }
        // Worst first; a loss that is not a number (an overflow) is the worst of all, and
        // equal losses keep the dataset's order so the result is the same every time.
        func key(_ row: Int) -> Double { losses[row].isNaN ? .infinity : losses[row] }
        let worst = Array(losses.indices.sorted { key($0) > key($1) || (key($0) == key($1) && $0 < $1) }.prefix(n))
        let labels = try outcomes(trained, data: data, rows: worst)
        let dataset = source.dataset
        let lineage = Lineage(
            sources: dataset.lineage.sources, operation: "mistakes",
            parameters: ["n": "\(n)"], parents: [source.contentID])
        let rows = dataset.gatherRows(worst, lineage: lineage)
        // Images as the user passed them (before any scaling), captioned with the outcome.
        var grid: ImageGrid?
        if let shape = rows.sampleShape, shape.count == 3 {
            grid = try call.imageGrid(rows, shape: shape, count: rows.rowCount)
            for index in grid!.images.indices {
                grid!.images[index].caption = MistakesValue.caption(
                    actual: labels.actual[index],
                    predicted: labels.predicted[index])
            }
        }
        do throws(RenderError) {
            return try MistakesValue(
                rows: rows, indices: worst, actual: labels.actual, predicted: labels.predicted,
                losses: worst.map { losses[$0] }, grid: grid)
        } catch {
            throw call.failure(error.description)
        }
    }

    /// The true and predicted label of each row, as values (class names or numbers).
    private func outcomes(
        _ trained: (model: Sequential, schema: TrainingSchema, loss: Loss), data: TrainingData,
        rows: [Int]
    ) throws(RuntimeError) -> (actual: [Value], predicted: [Value]) {
        do throws(ModelError) {
            switch data.samples.targets {
            case .classes(let labels, _):
                // Actual classes by the data's names, predicted ones by the model's: data
                // with fewer classes than the training data numbers them differently.
                func names(_ task: TrainingSchema.Task) -> [String] {
                    if case .classification(_, let classes) = task { classes } else { [] }
                }
                func name(_ index: Int, in classes: [String]) -> Value {
                    .string(classes.indices.contains(index) ? classes[index] : String(index))
                }
                let predicted = try trained.model.predictClasses(data.samples.features, loss: trained.loss)
                return (
                    rows.map { name(Int(labels[$0]), in: names(data.schema.task)) },
                    rows.map { name(predicted[$0], in: names(trained.schema.task)) }
                )
            case .values(let targets):
                let outputs = try trained.model.predict(data.samples.features, loss: trained.loss)
                return (MistakeSearch.rowValues(targets, rows: rows), MistakeSearch.rowValues(outputs, rows: rows))
            }
        } catch {
            throw call.invalid("ds", error.description)
        }
    }

    /// Row `r` of an [N] or [N, k] tensor: a number, or a list of k numbers.
    private static func rowValues(_ tensor: Tensor, rows: [Int]) -> [Value] {
        let count = tensor.shape.first ?? 0
        let width = count == 0 ? 1 : tensor.count / count
        let scalars = tensor.scalars
        return rows.map { row in
            let values = (0..<width).map { Value.number(Double(scalars[row * width + $0])) }
            return width == 1 ? values[0] : .list(values)
        }
    }
}
