import JupyterKernel
import Language
import Render

/// The language's view of a running cell in the kernel: output goes to the cell's
/// output sink (IOPub), input through the front end, interrupts through the token.
final class KernelHost: Language.Host {
    private let context: ExecutionContext

    init(context: ExecutionContext) {
        self.context = context
    }

    func write(_ text: String, to stream: Language.OutputStream) {
        context.output.stream(stream == .stdout ? .stdout : .stderr, text: text)
    }

    func display(_ bundle: MimeBundle, id: String?) {
        context.output.display(DisplayBundle(bundle), displayID: id)
    }

    func update(_ bundle: MimeBundle, id: String) {
        context.output.updateDisplay(DisplayBundle(bundle), displayID: id)
    }

    func clearOutput(wait: Bool) {
        context.output.clearOutput(wait: wait)
    }

    func readLine(prompt: String) throws(HostInputError) -> String {
        do {
            return try context.input.readLine(prompt: prompt, password: false)
        } catch {
            switch error {
            case .notAllowed: throw .notAllowed
            case .interrupted: throw .interrupted
            }
        }
    }

    var isInterrupted: Bool { context.cancellation.isCancelled }

    func widgets() throws(WidgetFailure) -> any WidgetHost {
        guard let session = context.widgets else {
            throw .unavailable("widgets cannot be shown here (an expression evaluated for the front end)")
        }
        return KernelWidgetHost(session: session, output: context.output)
    }
}
