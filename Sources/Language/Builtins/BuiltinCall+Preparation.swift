import Data
import Tensor

/// New data made ready for a trained model (`evaluate`, `predict`, `fit`'s `val:`): the
/// model's preprocessing applied where the data has not been through it, columns,
/// categories and classes matched by name, and a warning on standard error, once per
/// call, where data and model disagree in a way that silently skews results.
extension BuiltinCall {
    /// `dataset` (the argument `name`) as the model keeping `preprocessing` reads it.
    /// `trained` names the model's training data in warnings (the `train` argument's
    /// text in `fit`).
    func prepared(
        _ dataset: Dataset, argument name: String, for preprocessing: Preprocessing,
        trained: String = "the data the model was trained on"
    ) throws(RuntimeError) -> Dataset {
        let result: (dataset: Dataset, report: PreparationReport)
        do throws(PreparationError) {
            result = try dataset.prepared(for: preprocessing)
        } catch {
            throw invalid(name, error.description)
        }
        for warning in BuiltinCall.warnings(
            result.report, data: argumentText(name) ?? "'\(dataset.name)'", trained: trained)
        {
            host.write("\(builtin.name): warning: \(warning)\n", to: .stderr)
        }
        return result.dataset
    }

    /// Warns when rows of `features` (the argument `name`, prepared for the model) are
    /// also rows the model was trained on. Data that is the training data itself (every
    /// row shared, as many rows) is not warned about: that is a deliberate look at the
    /// training error. A single shared row is not either: real datasets hold duplicates.
    func warnSharedRows(
        _ features: Tensor, argument name: String, dataset: Dataset, rows: TrainingRows?,
        trained: String = "the data the model was trained on"
    ) {
        guard let rows else { return }
        let count = features.shape.first ?? 0
        let shared = rows.shared(with: features)
        guard shared > 1, !(shared == count && count == rows.count) else { return }
        let data = argumentText(name) ?? "'\(dataset.name)'"
        host.write(
            "\(builtin.name): warning: \(shared) of the \(count) rows of \(data) are also in \(trained), "
                + "so its metrics partly measure memory, not generalisation; split the data before training\n",
            to: .stderr)
    }

    /// The argument as the user wrote it, in backticks (`` `standardize(te)` ``), when
    /// it is short enough to quote; nil otherwise.
    func argumentText(_ name: String) -> String? {
        let span = span(of: name)
        let scalars = Array(cellSource.unicodeScalars)
        guard span.start.offset >= 0, span.start.offset < span.end.offset, span.end.offset <= scalars.count,
            span.end.offset - span.start.offset <= 40
        else { return nil }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[span.start.offset..<span.end.offset])
        let written = String(text)
        return written.contains("\n") ? nil : "`\(written)`"
    }

    /// The report in words, one line per problem.
    static func warnings(_ report: PreparationReport, data: String, trained: String) -> [String] {
        var lines: [String] = []
        if let different = report.differentSteps {
            let own =
                different.data.isEmpty
                ? "no preprocessing"
                : different.data.map { applied in
                    applied.step.operation + " with "
                        + (applied.usedOwnStatistics ? "its own statistics" : applied.step.origin)
                }.joined(separator: ", then ")
            let model =
                different.model.isEmpty
                ? "no preprocessing"
                : different.model.map {
                    $0.operation + " with " + $0.origin
                }.joined(separator: ", then ")
            lines.append(
                "\(data) was preprocessed differently from \(trained): it went through \(own); "
                    + "\(trained) through \(model). Pass the data as loaded and the model's preprocessing is applied "
                    + "to it, or prepare it with `using:` the training split")
        }
        if !report.unseenCategories.isEmpty {
            let rows = report.unseenCategories.reduce(0) { $0 + $1.rows }
            let listed =
                report.unseenCategories.prefix(6).map { "\($0.column) '\($0.category)' (\($0.rows))" }
                .joined(separator: ", ") + (report.unseenCategories.count > 6 ? ", ..." : "")
            lines.append(
                "\(rows) \(rows == 1 ? "cell" : "cells") of \(data) \(rows == 1 ? "has a category" : "have categories") "
                    + "the model never saw, encoded as none of the known ones: \(listed)")
        }
        return lines
    }
}
