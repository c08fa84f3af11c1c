import Data
import Foundation

/// Argument access and error wording shared by the data builtins.
extension BuiltinCall {
    /// The dataset passed as `name`: `head: the argument must be a dataset, got a list`.
    func dataset(_ name: String) throws(RuntimeError) -> DatasetValue {
        guard case .native(let native) = argument(name), let dataset = native as? DatasetValue else {
            throw mismatch(name, expected: "a dataset")
        }
        return dataset
    }

    /// A seed: a whole number from 0 up.
    func seed(_ name: String) throws(RuntimeError) -> UInt64 {
        let number = try wholeNumber(name)
        guard number >= 0 else { throw invalid(name, "\(shown(name)) must be a whole number from 0 up, got \(number)") }
        return UInt64(number)
    }

    /// A count of rows: a whole number from 0 up.
    func rowCount(_ name: String) throws(RuntimeError) -> Int {
        let number = try wholeNumber(name)
        guard number >= 0 else { throw invalid(name, "\(shown(name)) must be a whole number from 0 up, got \(number)") }
        return number
    }

    /// Column names: a list of strings, or one string for a single column.
    func columnNames(_ name: String) throws(RuntimeError) -> [String] {
        if case .string(let single) = argument(name) { return [single] }
        var names: [String] = []
        for (index, item) in try list(name).enumerated() {
            guard case .string(let text) = item else {
                throw invalid(
                    name,
                    "\(shown(name)) must be a list of column names (strings), got \(item.typePhrase) "
                        + "at element \(index)")
            }
            names.append(text)
        }
        return names
    }

    /// A transform's refusal in the contract's words, at the argument that caused it:
    /// `select: unknown column 'sepal_lenght' (did you mean 'sepal_length'?)`.
    func failure(_ error: TransformError, argument name: String) -> RuntimeError {
        invalid(name, error.message)
    }

    /// A loader's failure, reported at the call: `load_csv: row 17 has 4 fields, expected 5 ('x.csv')`.
    func failure(_ error: DataError) -> RuntimeError {
        failure(error.description)
    }

    /// `path` resolved against the session's working directory unless absolute; `~`
    /// expands to the home folder as a shell would.
    func resolvedPath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path == "~" || path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            return home + path.dropFirst()
        }
        let base = workingDirectory.hasSuffix("/") ? String(workingDirectory.dropLast()) : workingDirectory
        return path.hasPrefix("./") ? base + path.dropFirst() : base + "/" + path
    }
}

extension TransformError {
    /// The refusal as the language words it: an unknown column gets the nearest name,
    /// or the list of names when none is close.
    var message: String {
        guard case .unknownColumn(let column, let available) = self else { return description }
        if let suggestion = Suggestion.closest(to: column, among: available) {
            return description + " (did you mean '\(suggestion)'?)"
        }
        return description + "; columns are " + available.map { "'\($0)'" }.joined(separator: ", ")
    }

    /// Whether `fillna` should blame the fill values given rather than `using:`.
    var isAboutFillValue: Bool {
        switch self {
        case .fillKind, .unknownColumn: true
        default: false
        }
    }
}
