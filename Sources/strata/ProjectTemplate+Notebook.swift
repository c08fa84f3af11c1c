import Foundation

/// The starter notebook: a whole experiment in a few cells, written the way `strata lint`
/// wants experiments written (every split and fit seeded, scalers fitted on the training
/// part alone, the test part used once at the end).
extension ProjectTemplate {
    /// A cell of the starter notebook: markdown or Strata code.
    struct Cell {
        enum Kind: String {
            case markdown, code
        }

        var kind: Kind
        /// A stable id (nbformat 4.5 requires one), so the file is the same on every init.
        var id: String
        var source: String
    }

    var starterCells: [Cell] {
        [
            Cell(
                kind: .markdown, id: "intro",
                source: """
                    # \(name): a first model

                    A first experiment, end to end: the raw data is versioned, split with a seed, scaled with the \
                    training part's statistics, a small network is trained with a seed, and the test part is used \
                    once, at the end.

                    Paths are relative to this folder (`notebooks/`), where Jupyter starts the kernel. Runs and data \
                    versions go to the project's store, `.strata/` at the project's root, where `make lab` and \
                    `make report` point `STRATA_STORE`.
                    """),
            Cell(
                kind: .code, id: "track-raw",
                source: """
                    raw_data = track("../data/raw")
                    raw_data
                    """),
            Cell(
                kind: .markdown, id: "about-track",
                source: """
                    `track` versions the folder as `strata add data/raw` does and returns the version's id; \
                    unchanged files are known by their size and modification time and not read again.
                    """),
            Cell(
                kind: .code, id: "load",
                source: """
                    iris = load_csv("../data/raw/iris.csv", target: "species")
                    iris.describe()
                    """),
            Cell(
                kind: .markdown, id: "about-split",
                source: """
                    Split once, with a seed, so every run sees the same parts. The scaler learns its statistics \
                    from the training part alone (`using: train`): nothing about the validation or test rows \
                    leaks into training.
                    """),
            Cell(
                kind: .code, id: "split",
                source: """
                    train, val, test = split(iris, [0.7, 0.15, 0.15], seed: 7)
                    scaled_train = standardize(train, using: train)
                    scaled_val = standardize(val, using: train)
                    scaled_test = standardize(test, using: train)
                    """),
            Cell(
                kind: .code, id: "fit",
                source: """
                    model = sequential([dense(16, activation: "relu"), dense(3)])
                    trained = fit(
                      model,
                      scaled_train,
                      val: scaled_val,
                      epochs: 40,
                      batch: 16,
                      optimizer: adam(lr: 0.01),
                      seed: 7,
                      name: "first-model"
                    )
                    """),
            Cell(
                kind: .markdown, id: "about-test",
                source: """
                    The test part, once, for the number to report:
                    """),
            Cell(
                kind: .code, id: "evaluate",
                source: """
                    evaluate(trained, scaled_test)
                    """),
            Cell(
                kind: .markdown, id: "about-sources",
                source: """
                    The run names the exact bytes it learned from: the file, its SHA-256 and the tracked version \
                    holding it.
                    """),
            Cell(
                kind: .code, id: "sources",
                source: """
                    trained.sources
                    """),
            Cell(
                kind: .markdown, id: "next",
                source: """
                    ## Next

                    - `strata runs` and `strata show first-model` (from the project's root) list the runs and show \
                    this one with its data.
                    - New raw files go into `data/raw`; `make data` versions them (`strata status data/raw` says \
                    what changed). Derived files go into `data/processed`, e.g. `to_csv(scaled_train, \
                    "../data/processed/train.csv")`.
                    - `make report` executes every notebook into `reports/`; `make lint` checks them.
                    """),
        ]
    }

    /// The starter notebook as nbformat 4.5 JSON, keys sorted as Jupyter writes them.
    var starterNotebook: String {
        let cells: [[String: Any]] = starterCells.map { cell in
            var json: [String: Any] = [
                "cell_type": cell.kind.rawValue, "id": cell.id, "metadata": [String: Any](),
                "source": Self.sourceLines(cell.source),
            ]
            if cell.kind == .code {
                json["execution_count"] = NSNull()
                json["outputs"] = [Any]()
            }
            return json
        }
        let notebook: [String: Any] = [
            "cells": cells,
            "metadata": [
                "kernelspec": ["display_name": "Strata", "language": "strata", "name": "strata"],
                "language_info": ["file_extension": ".strata", "name": "strata"],
            ],
            "nbformat": 4,
            "nbformat_minor": 5,
        ]
        // Only strings, numbers, arrays, dictionaries and NSNull above: serialisation cannot fail.
        let data = try! JSONSerialization.data(
            withJSONObject: notebook,
            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A cell's source as Jupyter stores it: lines keeping their line feeds, the last without.
    static func sourceLines(_ source: String) -> [String] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return lines.enumerated().map { index, line in index == lines.count - 1 ? line : line + "\n" }
    }
}
