import ArgumentParser
import Foundation
import Language

/// `strata fmt [--check] [--diff] PATH...`: the one canonical layout for `.strata`
/// files and the code cells of Strata notebooks, applied in place, checked in CI, or
/// shown as a diff.
struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Format Strata code and notebooks in the one canonical layout.",
        discussion: """
            Rewrites .strata files and the code cells of notebooks whose kernel is Strata in place \
            (folders are searched recursively, skipping hidden folders; other notebooks are skipped), \
            printing the path of each file it changed. Comments are kept; formatting twice gives the \
            same text, and the formatted code always means the same. `-` formats standard input to \
            standard output.
            --check changes nothing, prints the files that would change and exits 1 if there are any; \
            --diff changes nothing and prints what would change. Code that does not parse is left as it \
            is: its errors are printed as path:line:col (path:cell N:line:col in a notebook), the other \
            files and cells are still formatted, and the exit status is 2.
            """)

    @Flag(help: "Change nothing; print the files that would change and exit 1 if any would.")
    var check = false

    @Flag(help: "Change nothing; print a unified diff of what would change.")
    var diff = false

    @ArgumentParser.Argument(
        help: ArgumentHelp(
            "Files (.strata, .ipynb), folders, or - for standard input.",
            valueName: "path"))
    var paths: [String] = []

    /// What happened to the files so far.
    private struct Tally {
        var changed = 0
        var unchanged = 0
        var failed = false
    }

    func run() throws {
        guard !paths.isEmpty else {
            say("name the files or folders to format (strata fmt notebooks/), or - for standard input")
            throw ExitCode(2)
        }
        var tally = Tally()
        for path in paths {
            if path == "-" {
                formatStandardInput(&tally)
                continue
            }
            for file in sourceFiles(path, failed: &tally.failed) {
                if file.hasSuffix(".ipynb") {
                    formatNotebook(file, &tally)
                } else {
                    formatScript(file, &tally)
                }
            }
        }
        if paths != ["-"] { summarise(tally) }
        if tally.failed { throw ExitCode(2) }
        if check && tally.changed > 0 { throw ExitCode(1) }
    }

    /// Whether files are rewritten: not with --check or --diff.
    private var writes: Bool { !check && !diff }

    // MARK: - Files

    private func formatScript(_ path: String, _ tally: inout Tally) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return fail("\(path): cannot read the file", &tally)
        }
        guard let source = String(data: data, encoding: .utf8) else { return fail("\(path): not UTF-8 text", &tally) }
        let formatted: String
        do {
            formatted = try Formatter.format(source)
        } catch {
            return report(error, at: path, &tally)
        }
        guard formatted != source else {
            tally.unchanged += 1
            return
        }
        if diff { printDiff(from: source, to: formatted, name: path) }
        if writes {
            do {
                try Self.replaceAtomically(path, with: Array(formatted.utf8))
            } catch {
                return fail("\(path): cannot write the file: \(error.reason)", &tally)
            }
        }
        if !diff { print(path) }
        tally.changed += 1
    }

    private func formatNotebook(_ path: String, _ tally: inout Tally) {
        let notebook: NotebookFile
        do {
            notebook = try NotebookFile.read(path: path)
        } catch {
            return fail(error.description, &tally)
        }
        guard notebook.isStrata else {
            say("skipped \(path): not a Strata notebook")
            return
        }
        var sources: [Int: String] = [:]
        for cell in notebook.codeCells {
            do {
                let formatted = try Formatter.formatCell(cell.source)
                if formatted != cell.source {
                    sources[cell.index] = formatted
                    if diff { printDiff(from: cell.source, to: formatted, name: "\(path):cell \(cell.number)") }
                }
            } catch {
                report(error, at: "\(path):cell \(cell.number)", &tally)
            }
        }
        guard !sources.isEmpty else {
            tally.unchanged += 1
            return
        }
        if writes {
            do {
                try Self.replaceAtomically(path, with: notebook.replacingSources(sources))
            } catch let error as NotebookFileError {
                return fail(error.description, &tally)
            } catch let error as WriteError {
                return fail("\(path): cannot write the file: \(error.reason)", &tally)
            } catch {
                return fail("\(path): \(error)", &tally)
            }
        }
        if !diff { print(path) }
        tally.changed += 1
    }

    /// `-`: Strata code from standard input, formatted to standard output (with --check,
    /// nothing is printed; with --diff, the diff).
    private func formatStandardInput(_ tally: inout Tally) {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let source = String(data: data, encoding: .utf8) else { return fail("<stdin>: not UTF-8 text", &tally) }
        do {
            let formatted = try Formatter.format(source)
            if formatted == source { tally.unchanged += 1 } else { tally.changed += 1 }
            if diff {
                printDiff(from: source, to: formatted, name: "<stdin>")
            } else if !check {
                FileHandle.standardOutput.write(Data(formatted.utf8))
            }
        } catch {
            report(error, at: "<stdin>", &tally)
        }
    }

    // MARK: - Output

    /// `where:line:col: error: message` for each syntax error (`where` names the cell in a notebook).
    private func report(_ error: FormatError, at place: String, _ tally: inout Tally) {
        switch error {
        case .syntax(let diagnostics):
            for d in diagnostics {
                let location = d.span.map { ":\($0.start.line):\($0.start.column)" } ?? ""
                FileHandle.standardError.write(Data("\(place)\(location): error: \(d.message)\n".utf8))
            }
        case .changedMeaning:
            FileHandle.standardError.write(Data("\(place): error: \(error)\n".utf8))
        }
        tally.failed = true
    }

    private func printDiff(from old: String, to new: String, name: String) {
        let lines = UnifiedDiff.lines(from: old, to: new, oldName: name, newName: name + " (formatted)")
        if !lines.isEmpty { print(lines.joined(separator: "\n")) }
    }

    /// `strata fmt: 2 files formatted, 5 unchanged`, on stderr, so stdout holds paths only.
    private func summarise(_ tally: Tally) {
        func files(_ n: Int) -> String { n == 1 ? "1 file" : "\(n) files" }
        let verb = writes ? "formatted" : "would be formatted"
        say("\(files(tally.changed)) \(verb), \(tally.unchanged) unchanged")
    }

    private func fail(_ message: String, _ tally: inout Tally) {
        say(message)
        tally.failed = true
    }

    private func say(_ message: String) {
        FileHandle.standardError.write(Data(("strata fmt: " + message + "\n").utf8))
    }
}
