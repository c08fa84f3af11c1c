import ArgumentParser
import Foundation
import Language

/// `strata run FILE.strata`: the notebook's language, outside a notebook.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Strata script, printing what a notebook would show.",
        discussion: """
            The script runs as one cell, in the same language session a kernel has. \
            Displays and the last expression are printed as text; an error is written \
            to standard error with the code it points at, and the exit status is 1.
            """)

    @ArgumentParser.Argument(help: "The script to run (.strata).")
    var file: String

    func run() throws {
        let source: String
        do {
            source = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read '\(file)': \(error.localizedDescription)")
        }
        let interrupts = InterruptSignal()
        let host = TerminalHost(interrupts: interrupts)
        let session = Session(
            environment: SessionEnvironment(
                workingDirectory: FileManager.default.currentDirectoryPath,
                openTeamStore: TeamStoreOpening.sessionOpener))
        let result = session.execute(source, host: host)
        session.close()
        host.finish()
        if let error = result.error {
            let color = isatty(STDERR_FILENO) != 0
            let text = error.traceback(source: source, color: color).joined(separator: "\n")
            FileHandle.standardError.write(Data((text + "\n").utf8))
            throw ExitCode(1)
        }
        for page in result.pages {
            host.write(page.plainText + "\n", to: .stdout)
        }
        if let display = result.display {
            host.write(display.plainText + "\n", to: .stdout)
        }
    }
}
