import Export
import Learn

/// The "Export and serving" section of LANGUAGE.md: `export`.
enum ExportBuiltins {
    static var all: [Builtin] { [export] }

    static var export: Builtin {
        Builtin(
            "export",
            parameters: [
                .positional("model_or_run"), .positional("path"), .labelled("format", default: .string("onnx")),
            ],
            summary:
                "Writes a trained model (or a run's weights) to a file another runtime can serve, and returns the path.",
            details: """
                format: "onnx" (opset 20). The file takes features as loaded: input "input" is float [N, features] \
                (numeric columns as they are, categorical ones one-hot, in the order of its feature_names metadata) or \
                [N, channels, height, width] for images, N any batch size. The training data's fills and scaling are \
                folded into the graph. Outputs: "probabilities" and "label" (the class's index) for classification, \
                "predictions" for regression: the values predict gives. The metadata holds the input columns and \
                their categories, the feature and class names, the target, the run id and the preprocessing. \
                The file is replaced only once it is completely written. A relative path is written in the notebook's folder.
                """
        ) { call throws(RuntimeError) in
            let trained = try call.trainedModel("model_or_run")
            let path = call.resolvedPath(try call.string("path"))
            let formatName = try call.string("format")
            let format: ExportFormat
            do throws(ExportError) {
                format = try ExportFormat(named: formatName)
            } catch {
                throw call.invalid("format", error.description)
            }
            let runID: String?
            switch call.argument("model_or_run") {
            case .native(let run as RunValue): runID = run.id
            case .native(let model as ModelValue): runID = model.runID
            default: runID = nil
            }
            let source = ONNXExport.Source(
                model: trained.model, loss: trained.loss,
                preprocessing: trained.schema.preprocessing, runID: runID)
            do throws(ExportError) {
                switch format {
                case .onnx:
                    try ONNXExport.write(
                        try ONNXExport.model(source, producerVersion: Session.languageVersion), to: path)
                }
            } catch {
                if case .write = error { throw call.invalid("path", error.description) }
                throw call.invalid("model_or_run", error.description)
            }
            return .string(path)
        }
    }
}
