import Foundation
import JSON

/// The findings of one linted file, with where they came from.
public struct LintedFile: Sendable {
    public var path: String
    /// True for a notebook: findings name their cell.
    public var isNotebook: Bool
    public var findings: [LintFinding]

    public init(path: String, isNotebook: Bool, findings: [LintFinding]) {
        self.path = path
        self.isNotebook = isNotebook
        self.findings = findings
    }
}

/// How `strata lint` writes its findings.
public enum LintReportFormat: String, CaseIterable, Sendable {
    /// `path:line:col: CODE message`; in a notebook `path:cell N:line:col: CODE message`.
    case text
    /// A JSON array, one object per finding: path, cell (null in a file), line, column,
    /// end_line, end_column, code, name, severity, message.
    case json
    /// GitHub Actions workflow commands (`::error file=...,line=...,col=...,title=CODE::message`),
    /// which a workflow run shows as annotations on the file. A notebook's finding is
    /// annotated on the notebook file, its message starting with the cell and line,
    /// since the cell's lines are not the file's.
    case github

    /// The whole report; every finding ends with a line break (the JSON array too).
    public func render(_ files: [LintedFile]) -> String {
        switch self {
        case .text:
            return files.flatMap { file in file.findings.map { Self.text($0, in: file) + "\n" } }.joined()
        case .json:
            let objects = files.flatMap { file in file.findings.map { Self.json($0, in: file) } }
            guard !objects.isEmpty else { return "[]\n" }
            return "[\n" + objects.map { String(decoding: $0.jsonBytes, as: UTF8.self) }.joined(separator: ",\n")
                + "\n]\n"
        case .github:
            return files.flatMap { file in file.findings.map { Self.github($0, in: file) + "\n" } }.joined()
        }
    }

    private static func text(_ finding: LintFinding, in file: LintedFile) -> String {
        let start = finding.span.start
        let cell = finding.cell.map { "cell \($0):" } ?? ""
        return "\(file.path):\(cell)\(start.line):\(start.column): \(finding.rule.code) \(finding.message)"
    }

    private static func json(_ finding: LintFinding, in file: LintedFile) -> JSONValue {
        let span = finding.span
        return .object([
            "path": .string(file.path),
            "cell": finding.cell.map { .number(Double($0)) } ?? .null,
            "line": .number(Double(span.start.line)), "column": .number(Double(span.start.column)),
            "end_line": .number(Double(span.end.line)), "end_column": .number(Double(span.end.column)),
            "code": .string(finding.rule.code), "name": .string(finding.rule.name),
            "severity": .string(finding.severity.rawValue), "message": .string(finding.message),
        ])
    }

    private static func github(_ finding: LintFinding, in file: LintedFile) -> String {
        let command = finding.severity == .error ? "error" : "warning"
        let start = finding.span.start
        var properties = ["file=" + property(file.path)]
        var message = finding.message
        if let cell = finding.cell {
            message = "cell \(cell), line \(start.line):\(start.column): " + message
        } else {
            properties += ["line=\(start.line)", "col=\(start.column)"]
            if finding.span.end.line == start.line, finding.span.end.column > start.column {
                properties.append("endColumn=\(finding.span.end.column)")
            }
        }
        properties.append("title=" + finding.rule.code)
        return "::\(command) \(properties.joined(separator: ","))::\(data(message))"
    }

    /// GitHub's escaping of a command's message.
    private static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// GitHub's escaping of a command's property value (also `:` and `,`).
    private static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
