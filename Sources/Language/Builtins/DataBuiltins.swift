import Data
import TextFormat

/// The Data section of the language: loading datasets and looking at them. The
/// transforms (`split`, `standardize`, `filter`...) are in `DataTransformBuiltins`.
enum DataBuiltins {
    /// Every data builtin, loaders, inspection and transforms.
    static var all: [Builtin] {
        [dataset, loadCSV, loadIDX, toCSV, head, describe, columns, column, target, count, classes, version]
            + ImageBuiltins.all + DataTransformBuiltins.all + TextBuiltins.all
    }

    static var dataset: Builtin {
        Builtin(
            "dataset", parameters: [.positional("name")],
            summary: "A bundled dataset: \"iris\", \"wine\", \"breast_cancer\", \"digits\" or \"diabetes\".",
            details: """
                iris (150 rows, 3 species), wine (178 rows, 3 cultivars), breast_cancer (569 rows, 2 diagnoses),
                digits (1797 8x8 images of digits 0-9) are classification; diabetes (442 rows) is regression.
                They come from the UCI Machine Learning Repository (CC BY 4.0).
                """
        ) { call throws(RuntimeError) in
            let name = try call.string("name")
            do throws(DataError) {
                return .native(DatasetValue(try BundledDatasets.load(name)))
            } catch {
                throw call.invalid("name", error.description)
            }
        }
    }

    static var loadCSV: Builtin {
        Builtin(
            "load_csv",
            parameters: [
                .positional("path"), .labelled("target", default: .nil), .labelled("delimiter", shown: "\",\""),
                .labelled("header", default: .bool(true)), .labelled("text", shown: "auto"),
            ],
            summary: "Reads a CSV file into a dataset; `target` names the column to predict.",
            details: """
                Numeric columns become features; text columns are categorical (one-hot encoded for models), except
                free text: a column whose cells are mostly distinct and three or more words long on average (messages,
                reviews) is a text column, read by models through vectorize. text: ["message"] makes exactly these
                columns text, text: [] none. A text
                target means classification (classes sorted), a numeric one regression. Missing cells (empty, NA,
                NaN) are allowed and counted. A relative path is read from the notebook's folder. Without a header
                the columns are named column1, column2, ...
                Without `delimiter`, it is found from the first lines: a comma, unless a tab, ";" or "|" splits the
                header and the first rows into the same number of fields (a file that looks ";"-separated but whose
                rows disagree is an error naming the row).
                """
        ) { call throws(RuntimeError) in
            let path = try call.string("path")
            let target: String?
            switch call.argument("target") {
            case .nil: target = nil
            case .string(let name): target = name
            default: throw call.mismatch("target", expected: "a column name (a string) or nil")
            }
            var byte: UInt8?
            if call.has("delimiter") {
                let delimiter = try call.string("delimiter")
                guard delimiter.utf8.count == 1, let first = delimiter.utf8.first, first != UInt8(ascii: "\""),
                    first != UInt8(ascii: "\n"), first != UInt8(ascii: "\r")
                else {
                    throw call.invalid(
                        "delimiter",
                        "'delimiter' must be one character such as \",\", \";\" or \"\\t\", "
                            + "got \(Value.quote(delimiter))")
                }
                byte = first
            }
            let header = try call.bool("header")
            var text = CSVLoader.TextColumns.detect
            switch call.has("text") ? call.argument("text") : .string("auto") {
            case .string("auto"): break
            case .list(let items):
                var names: [String] = []
                for item in items {
                    guard case .string(let name) = item else {
                        throw call.mismatch("text", expected: "\"auto\" or a list of column names")
                    }
                    names.append(name)
                }
                text = .named(names)
            default: throw call.mismatch("text", expected: "\"auto\" or a list of column names")
            }
            do throws(DataError) {
                let loaded = try CSVLoader.load(
                    path: call.resolvedPath(path), target: target, delimiter: byte, header: header, text: text,
                    warn: { call.host.write("load_csv: warning: \($0)\n", to: .stderr) })
                return .native(DatasetValue(loaded))
            } catch {
                if case .badTextColumn = error { throw call.invalid("text", error.description) }
                throw call.failure(error)
            }
        }
    }

    static var toCSV: Builtin {
        Builtin(
            "to_csv", parameters: [.positional("data"), .positional("path")],
            summary: "Writes a dataset, or a list such as predict's, to a CSV file: to_csv(ds, \"out.csv\").",
            details: """
                A dataset is written as its feature columns then its target, under a header row; a list (predict's \
                labels or numbers) as one column named `prediction`. Numbers are in the shortest form that reads back \
                as the same value, text is quoted where RFC 4180 requires it, missing cells are empty. The file is \
                replaced only once it is completely written. A relative path is written in the notebook's folder.
                """
        ) { call throws(RuntimeError) in
            let path = call.resolvedPath(try call.string("path"))
            switch call.argument("data") {
            case .native(let native as DatasetValue):
                do throws(DataError) {
                    try CSVWriter.write(native.dataset, to: path)
                } catch {
                    throw call.failure(error)
                }
            case .list(let items):
                let fields = try items.enumerated().map { (index, item) throws(RuntimeError) -> String? in
                    switch item {
                    case .number(let number): return NumberText.shortest(number)
                    case .string(let text): return text
                    case .bool(let flag): return flag ? "true" : "false"
                    case .nil: return nil
                    default:
                        throw call.invalid(
                            "data",
                            "a list is written as one column of numbers, strings, bools or nil; "
                                + "element \(index) is a \(item.typeName)")
                    }
                }
                do throws(DataError) {
                    try CSVWriter.write(header: ["prediction"], rowCount: fields.count, to: path) { row, _ in
                        fields[row]
                    }
                } catch {
                    throw call.failure(error)
                }
            default:
                throw call.mismatch("data", expected: "a dataset or a list (such as predict's)")
            }
            return .nil
        }
    }

    static var loadIDX: Builtin {
        Builtin(
            "load_idx",
            parameters: [.requiredLabel("images", placeholder: "path"), .requiredLabel("labels", placeholder: "path")],
            summary: "Reads MNIST-format IDX image and label files (raw or gzip) into a dataset.",
            details: "Images keep their shape [1, rows, cols] for convolution layers; labels become the classes."
        ) { call throws(RuntimeError) in
            let images = call.resolvedPath(try call.string("images"))
            let labels = call.resolvedPath(try call.string("labels"))
            do throws(DataError) {
                return .native(DatasetValue(try IDXLoader.load(images: images, labels: labels)))
            } catch {
                throw call.failure(error)
            }
        }
    }

    static var head: Builtin {
        Builtin(
            "head", parameters: [.positional("ds"), .labelled("n", default: .number(5))],
            summary: "The first n rows of a dataset, as a dataset (shown as a table)."
        ) { call throws(RuntimeError) in
            let source = try call.dataset("ds")
            let n = try call.rowCount("n")
            do throws(TransformError) {
                return .native(DatasetValue(try source.dataset.head(n)))
            } catch {
                throw call.failure(error, argument: "n")
            }
        }
    }

    static var describe: Builtin {
        Builtin(
            "describe", parameters: [.positional("ds")],
            summary: "Per-column count, missing, mean, std, min and max (categories for text), and the class balance.",
            details: """
                std is the population standard deviation (divided by n), the one standardize uses (as scikit-learn's \
                scaler), so a standardized column shows std 1; pandas' describe divides by n - 1. Each column's \
                statistics are fields: describe(ds).income.mean, .count, .missing, .std, .min, .max; for text \
                columns .count, .missing, .categories (how many), .top and .top_count. Also .columns (every column's \
                record, in order) and .balance (rows per class).
                """
        ) { call throws(RuntimeError) in
            let source = try call.dataset("ds")
            return .native(DataDescriptionValue(source.dataset.describe(), datasetName: source.dataset.name))
        }
    }

    static var columns: Builtin {
        Builtin(
            "columns", parameters: [.positional("ds")],
            summary: "The names of the dataset's columns as loaded, without the target."
        ) { call throws(RuntimeError) in
            .list(try call.dataset("ds").dataset.columns.map { .string($0.name) })
        }
    }

    static var column: Builtin {
        Builtin(
            "column", parameters: [.positional("ds"), .positional("name")],
            summary: "A column's values as a list: column(ds, \"income\"), the same as ds[\"income\"].",
            details: """
                Any column, the target included. Numbers read as the decimals written in the file, categories as \
                strings, missing cells as nil.
                """
        ) { call throws(RuntimeError) in
            let source = try call.dataset("ds")
            let name = try call.string("name")
            do throws(TransformError) {
                return try source.columnValues(name)
            } catch {
                throw call.failure(error, argument: "name")
            }
        }
    }

    static var target: Builtin {
        Builtin(
            "target", parameters: [.positional("ds")],
            summary: "The name of the target column, or nil when the dataset has none."
        ) { call throws(RuntimeError) in
            (try call.dataset("ds").dataset.target?.columnName).map(Value.string) ?? .nil
        }
    }

    static var count: Builtin {
        Builtin(
            "count", parameters: [.positional("ds")],
            summary: "The number of rows of a dataset (the same as len(ds))."
        ) { call throws(RuntimeError) in
            .number(Double(try call.dataset("ds").dataset.rowCount))
        }
    }

    static var classes: Builtin {
        Builtin(
            "classes", parameters: [.positional("ds")],
            summary: "The class names of a classification dataset, sorted; empty for regression."
        ) { call throws(RuntimeError) in
            .list((try call.dataset("ds").dataset.target?.classNames ?? []).map(Value.string))
        }
    }

    static var version: Builtin {
        Builtin(
            "version", parameters: [.positional("ds")],
            summary: "The dataset's content id: the SHA-256 (hex) of its schema and values, as the store records it.",
            details: "The same data gives the same id on any machine; any changed value, name or row order a new one."
        ) { call throws(RuntimeError) in
            .string(try call.dataset("ds").contentID)
        }
    }
}
