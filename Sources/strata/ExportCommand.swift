import ArgumentParser
import Export
import Store

/// `strata export RUN -o model.onnx`: a run's trained model as a file another runtime
/// serves (the same file as the language's `export`).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a run's trained model as an ONNX file, with its preprocessing folded in.",
        discussion: """
            The file (opset 20) takes features as loaded: input "input" is float [N, features], or [N, channels, \
            height, width] for images, N any batch size. Outputs: "probabilities" and "label" for classification, \
            "predictions" for regression. Its metadata holds the input columns, feature and class names, the \
            target, the run id and the preprocessing.
            """)

    @OptionGroup var options: StoreCommandOptions

    @Argument(help: ArgumentHelp("A run id, unique id prefix, or name.", valueName: "run"))
    var reference: String

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The file to write.", valueName: "path"))
    var output: String

    @Option(help: "The file format: onnx.")
    var format = "onnx"

    func run() throws {
        let format: ExportFormat
        do throws(ExportError) {
            format = try ExportFormat(named: self.format)
        } catch {
            throw StoreCommandFailure(error.description)
        }
        let experiments = try options.openExperiments()
        let run = try StoreCommandFailure.reporting { () throws(StoreError) in try experiments.run(reference) }
        do throws(ExportError) {
            let source = try ONNXExport.Source(run: run, objects: experiments.store)
            switch format {
            case .onnx:
                try ONNXExport.write(try ONNXExport.model(source, producerVersion: Strata.version), to: output)
            }
        } catch {
            throw StoreCommandFailure(error.description)
        }
        emit(output)
    }
}
