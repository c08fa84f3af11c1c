import Experiments
import Render
import TextFormat

/// What `diagnose` returns (`type(d)` is `"diagnosis"`): the bias-variance table of
/// errors with the largest term marked and its remedies. Fields `.terms` (a record:
/// `irreducible`, `bias`, `variance`, and `shift` and `val_overfitting` where they
/// apply), `.largest` (the largest term's name), `.remedies` (most promising first),
/// and `.errors` (the error rates the terms come from).
public final class DiagnosisValue: NativeValue {
    let diagnosis: BiasVarianceDiagnosis

    init(_ diagnosis: BiasVarianceDiagnosis) {
        self.diagnosis = diagnosis
    }

    public var typeName: String { "diagnosis" }

    public var memberNames: [String] { ["terms", "largest", "remedies", "errors"] }

    public func member(named name: String) -> Value? {
        switch name {
        case "terms":
            return .record(Record(diagnosis.terms.map { ($0.term.rawValue, .number($0.value)) }))
        case "largest":
            return .string(diagnosis.largest.rawValue)
        case "remedies":
            return .list(diagnosis.remedies.map(Value.string))
        case "errors":
            return .record(Record(diagnosis.errors.named.map { ($0.name.rawValue, .number($0.value)) }))
        default:
            return nil
        }
    }

    /// `largest term: bias 0.19 (avoidable bias (underfitting))`.
    public var summary: String {
        let largest = diagnosis.largest
        let value = diagnosis.terms.first { $0.term == largest }?.value ?? 0
        return "largest term: \(largest.rawValue) \(NumberText.metric(value)) (\(largest.meaning))"
    }

    /// The table, then the remedies as a numbered list.
    public func display() -> MimeBundle {
        let table = diagnosis.table
        let remedies = diagnosis.remedies.enumerated().map { "\($0.offset + 1). \($0.element)" }
        let heading = "remedies for \(diagnosis.largest.rawValue), most promising first:"
        let html =
            table.html() + "\n<p>\(Table.escapeHTML(heading))</p>\n<ol>\n"
            + diagnosis.remedies.map { "<li>\(Table.escapeHTML($0))</li>\n" }.joined() + "</ol>"
        let markdown = table.markdown() + "\n\n" + heading + "\n\n" + remedies.joined(separator: "\n")
        return MimeBundle(
            plain: table.plain() + "\n" + heading + "\n" + remedies.map { "  " + $0 }.joined(separator: "\n"),
            extra: ["text/html": html, "text/markdown": markdown])
    }
}
