import Foundation
import Language
import Render

/// Runs a program in a terminal: text goes to the standard streams, displays as their
/// `text/plain` form. A display that is updated (a progress line) is redrawn in place
/// when standard output is a terminal; otherwise only its final state is printed, so
/// a log file does not fill with intermediate frames.
final class TerminalHost: Language.Host {
    private let interrupts: InterruptSignal
    private let interactive = isatty(STDOUT_FILENO) != 0
    /// The id of the display that was written last, when it can still be redrawn.
    private var lastDisplayID: String?
    private var lastDisplayLines = 0
    /// Final states of updated displays, printed at the end when not interactive.
    private var pendingFinal: [(id: String, bundle: MimeBundle)] = []

    init(interrupts: InterruptSignal) {
        self.interrupts = interrupts
    }

    func write(_ text: String, to stream: Language.OutputStream) {
        lastDisplayID = nil
        // Later output follows the final state of a finished progress display, not
        // the other way round.
        if !interactive, !pendingFinal.isEmpty { finish() }
        let handle = stream == .stdout ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(text.utf8))
    }

    func display(_ bundle: MimeBundle, id: String?) {
        let text = bundle.plainText
        write(text.hasSuffix("\n") ? text : text + "\n", to: .stdout)
        lastDisplayID = id
        lastDisplayLines = text.split(separator: "\n", omittingEmptySubsequences: false).count
    }

    func update(_ bundle: MimeBundle, id: String) {
        guard interactive else {
            pendingFinal.removeAll { $0.id == id }
            pendingFinal.append((id, bundle))
            return
        }
        if lastDisplayID == id {
            // Move up over the previous frame and clear it before drawing the new one.
            var erase = "\r"
            for _ in 0..<lastDisplayLines { erase += "\u{1B}[1A\u{1B}[2K" }
            FileHandle.standardOutput.write(Data(erase.utf8))
        }
        display(bundle, id: id)
    }

    func clearOutput(wait: Bool) {
        if interactive { FileHandle.standardOutput.write(Data("\u{1B}[2J\u{1B}[H".utf8)) }
        lastDisplayID = nil
    }

    func readLine(prompt: String) throws(HostInputError) -> String {
        write(prompt, to: .stdout)
        guard let line = Swift.readLine() else { throw .notAllowed }
        return line
    }

    var isInterrupted: Bool { interrupts.isRaised }

    func widgets() throws(WidgetFailure) -> any WidgetHost {
        throw .unavailable(
            "widgets need a notebook: strata run has no front end to show them; "
                + "open the notebook in JupyterLab (with jupyterlab_widgets)")
    }

    /// Prints the final state of displays that were updated while not interactive.
    func finish() {
        let finals = pendingFinal
        pendingFinal.removeAll()
        for (_, bundle) in finals {
            let text = bundle.plainText
            write(text.hasSuffix("\n") ? text : text + "\n", to: .stdout)
        }
    }
}
