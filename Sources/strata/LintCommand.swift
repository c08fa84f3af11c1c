import ArgumentParser
import Foundation
import Language

/// `strata lint PATH...`: the linter over `.strata` files and Strata notebooks, for
/// people before they run a notebook and for CI after every push.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Find mistakes in Strata code and notebooks without running them.",
        discussion: """
            Checks .strata files and notebooks whose kernel is Strata (folders are searched recursively, \
            skipping hidden folders; other notebooks are skipped). A notebook is checked as one program, its \
            code cells in order, and findings name the cell. Rules: undefined names, unknown labels and wrong \
            argument counts (errors), unused bindings and shadowed builtins (warnings), and the mistakes that \
            ruin experiments: no seed:, a scaler fitted on a validation or test split, a test split used to \
            train, validate or sweep. `--list` shows every rule; `--explain CODE` says why it matters. Silence \
            a finding with a comment on its line: `# strata: ignore[S201]`.
            Exit status: 1 when an error is found, 0 for warnings only, 2 when a path cannot be read or the \
            command is misused.
            """)

    @ArgumentParser.Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp("Files (.strata, .ipynb) and folders to check.", valueName: "path"))
    var paths: [String] = []

    @Option(
        help: ArgumentHelp(
            "How to write findings: text, json or github (workflow annotations).",
            valueName: "format"))
    var format = "text"

    @Option(help: ArgumentHelp("Print what a rule finds and why it matters, then exit.", valueName: "code"))
    var explain: String?

    @Option(
        name: .customLong("ignore"),
        help: ArgumentHelp(
            "Do not run these rules (repeatable, or S201,S301).",
            valueName: "code"))
    var ignored: [String] = []

    @Flag(name: .customLong("list"), help: "List the rules: code, severity, name and what each finds.")
    var listRules = false

    func run() throws {
        if listRules {
            print(Self.ruleTable())
            return
        }
        if let explain {
            guard let rule = LintRule(code: explain) else { throw usage("unknown rule '\(explain)'; " + Self.known) }
            print(Self.wrapped(rule.explanation, width: 88))
            return
        }
        guard let format = LintReportFormat(rawValue: format) else {
            throw usage("unknown format '\(format)'; use text, json or github")
        }
        var linter = Linter()
        for code in ignored.flatMap({ $0.split(separator: ",") }) {
            guard let rule = LintRule(code: code.trimmingCharacters(in: .whitespaces)) else {
                throw usage("unknown rule '\(code)' in --ignore; " + Self.known)
            }
            linter.ignored.insert(rule)
        }
        // Unknown options arrive here too: refuse them (status 2), except after `--`.
        let terminator = paths.firstIndex(of: "--") ?? paths.endIndex
        if let option = paths[..<terminator].first(where: { $0.hasPrefix("-") && $0.count > 1 && !exists($0) }) {
            throw usage("unknown option '\(option)'")
        }
        let paths = Array(paths[..<terminator]) + paths[terminator...].dropFirst()
        guard !paths.isEmpty else { throw usage("name the files or folders to check (strata lint notebooks/)") }

        var problems = false
        var files: [LintedFile] = []
        for path in paths {
            for target in targets(path, problems: &problems) {
                if let file = lint(target, with: linter, problems: &problems) { files.append(file) }
            }
        }
        FileHandle.standardOutput.write(Data(format.render(files).utf8))
        if format == .text { summarise(files) }
        if problems { throw ExitCode(2) }
        if files.contains(where: { $0.findings.contains { $0.severity == .error } }) { throw ExitCode(1) }
    }

    /// The files `path` names (`StrataSourceFiles`); a path that names none is a problem.
    private func targets(_ path: String, problems: inout Bool) -> [String] {
        let found = StrataSourceFiles.find(path)
        for problem in found.problems { complain(problem, &problems) }
        return found.files
    }

    /// The findings of one file; nil for a notebook of another kernel, or a file that
    /// cannot be read (said on stderr).
    private func lint(_ path: String, with linter: Linter, problems: inout Bool) -> LintedFile? {
        if path.hasSuffix(".ipynb") {
            let notebook: NotebookFile
            do {
                notebook = try NotebookFile.read(path: path)
            } catch {
                complain(error.description, &problems)
                return nil
            }
            guard notebook.isStrata else { return nil }
            let cells = notebook.codeCells.map { (number: $0.number, source: $0.source) }
            return LintedFile(path: path, isNotebook: true, findings: linter.lint(cells: cells))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            complain("\(path): cannot read the file", &problems)
            return nil
        }
        guard let source = String(data: data, encoding: .utf8) else {
            complain("\(path): not UTF-8 text", &problems)
            return nil
        }
        return LintedFile(path: path, isNotebook: false, findings: linter.lint(source: source))
    }

    /// `2 errors and 1 warning in 3 files checked`, on stderr, so stdout holds findings only.
    private func summarise(_ files: [LintedFile]) {
        let findings = files.flatMap(\.findings)
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.count - errors
        let checked = files.count == 1 ? "1 file checked" : "\(files.count) files checked"
        let text =
            findings.isEmpty
            ? "strata lint: \(checked), no problems"
            : "strata lint: \(Self.count(errors, "error")) and \(Self.count(warnings, "warning")) in \(checked)"
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    private func complain(_ message: String, _ problems: inout Bool) {
        FileHandle.standardError.write(Data(("strata lint: " + message + "\n").utf8))
        problems = true
    }

    /// A misuse: said on stderr, exit status 2.
    private func usage(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data(("strata lint: " + message + "\n").utf8))
        return ExitCode(2)
    }

    /// Each paragraph's words in lines of at most `width` characters (a longer word
    /// stands alone).
    static func wrapped(_ text: String, width: Int) -> String {
        text.components(separatedBy: "\n").map { paragraph in
            var lines: [String] = []
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty, line.count + 1 + word.count > width {
                    lines.append(line)
                    line = ""
                }
                line += (line.isEmpty ? "" : " ") + word
            }
            lines.append(line)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    private static var known: String { "rules: " + LintRule.allCases.map(\.code).joined(separator: ", ") }

    /// One line per rule: `S101  error    undefined-name              A name that is ...`.
    static func ruleTable() -> String {
        LintRule.allCases.map { rule in
            let severity = rule.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            let name = rule.name.padding(toLength: 26, withPad: " ", startingAt: 0)
            return "\(rule.code)  \(severity) \(name) \(rule.summary)"
        }.joined(separator: "\n")
    }
}
