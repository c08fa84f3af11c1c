/// Loads a CSV file into a `Dataset` (RFC 4180: quoted fields with delimiters,
/// doubled quotes and line ends inside; UTF-8 with or without a byte-order mark; LF
/// or CRLF line ends).
///
/// A column is numeric when every non-missing cell is a number; missing cells are
/// pandas' spellings (empty, `NA`, `NaN`, `nan`, `null`, `NULL`, `N/A`, ...) and
/// become NaN. A column where most cells are words is categorical (codes into
/// sorted categories); a numeric column with a stray word, or with an infinite
/// value, is an error naming the file, the line and the column. A column of words
/// that are mostly distinct and several words long (messages, reviews) is free text
/// (`ColumnValues.text`) rather than categories; `TextColumns` says which. The file is read in
/// chunks and parsed on every core, so memory stays near the size of the result.
public enum CSVLoader {
    /// Bytes read at a time; small values are for tests of chunk boundaries.
    static let defaultChunkSize = 4 << 20

    /// Loads `path`.
    /// - Parameters:
    ///   - target: the column to predict: text means classification (classes
    ///     sorted), numbers regression. Nil for a dataset without a target.
    ///   - delimiter: the byte between fields; nil detects it from the first lines
    ///     (`CSVDelimiterSniffer`: a comma unless another candidate splits them alike).
    ///   - header: whether the first row names the columns; without one they are
    ///     named `column1`, `column2`, ...
    /// - Returns: a dataset named after the file (without its extension) whose
    ///   lineage records the operation `load_csv`, the file's SHA-256 and size.
    public static func load(
        path: String, target: String?, delimiter: UInt8? = nil,
        header: Bool = true, text: TextColumns = .detect, warn: ((String) -> Void)? = nil
    ) throws(DataError) -> Dataset {
        var options = Options()
        options.text = text
        options.warn = warn
        return try load(path: path, target: target, delimiter: delimiter, header: header, options: options)
    }

    /// Which word columns are free text rather than categories.
    public enum TextColumns: Sendable, Equatable {
        /// Those whose present cells are at least half distinct and three tokens long
        /// on average (`isFreeText`); never the target.
        case detect
        /// Exactly these (an empty list: none).
        case named([String])
    }

    /// Whether a column of words reads as free text: at least half of its present cells
    /// distinct, and `TextTokenizer` tokens averaging three or more a cell. Categories
    /// (colours, cities, labels) are few and short; messages are neither.
    static func isFreeText(codes: [Int32], categories: [String]) -> Bool {
        var counts = [Int](repeating: 0, count: categories.count)
        var present = 0
        for code in codes where code >= 0 {
            counts[Int(code)] += 1
            present += 1
        }
        guard present > 0, categories.count * 2 >= present else { return false }
        let tokenizer = TextTokenizer(lowercase: false)
        var tokens = 0
        for (index, category) in categories.enumerated() where counts[index] > 0 {
            var words = 0
            tokenizer.forEachToken(category) { _ in words += 1 }
            tokens += words * counts[index]
        }
        return tokens >= 3 * present
    }

    /// Choices the public entry point does not offer.
    struct Options {
        /// Make a numeric target a classification target (for datasets like digits,
        /// whose classes are written as numbers).
        var numericClasses = false
        var chunkSize = CSVLoader.defaultChunkSize
        /// The dataset's name; nil names it after the file.
        var name: String?
        var operation = "load_csv"
        var text = TextColumns.detect
        /// Told of what loads but may not be what the file meant (bytes that are not UTF-8).
        var warn: ((String) -> Void)?
    }

    static func load(
        path: String, target: String?, delimiter: UInt8?, header: Bool,
        options: Options
    ) throws(DataError) -> Dataset {
        let file = try InputFile(path: path)
        let delimiter = if let delimiter { delimiter } else { try CSVDelimiterSniffer.detect(file, path: path) }
        let pass = CSVReadPass(path: path, delimiter: delimiter, hasHeader: header, chunkSize: options.chunkSize)
        var result = try pass.run(file: file, kinds: nil, hash: true)
        let sha256 = result.sha256 ?? ""
        let size = result.size
        let names = columnNames(result.header, count: result.fieldCount)
        var targetIndex: Int?
        if let target {
            guard let index = names.firstIndex(of: target) else {
                throw .unknownTarget(
                    path: path, name: target,
                    suggestion: NearestName.closest(to: target, among: names), columns: names)
            }
            targetIndex = index
        }
        // A kind guessed from the first rows can be wrong; one more pass with the
        // kinds the whole file showed fixes it (a kind only ever changes once).
        for _ in 0..<2 {
            let kinds = try settledKinds(result, names: names, path: path)
            if kinds == result.layout.kinds { break }
            result = try pass.run(file: file, kinds: kinds, hash: false)
        }

        if case .named(let wanted) = options.text {
            for name in wanted {
                guard let index = names.firstIndex(of: name) else {
                    let hint = NearestName.closest(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
                    throw .badTextColumn(path: path, name: name, reason: "is not in the file\(hint)")
                }
                if index == targetIndex {
                    throw .badTextColumn(
                        path: path, name: name, reason: "is the target; a target is classes or numbers")
                }
                if result.layout.kinds[index] == .numeric {
                    throw .badTextColumn(path: path, name: name, reason: "holds numbers, not text")
                }
            }
        }
        var store = result.store
        var columns: [Column] = []
        var targetValue: Target?
        for field in 0..<result.fieldCount {
            let values: ColumnValues
            switch result.layout.kinds[field] {
            case .numeric:
                values = .numeric(store.takeNumbers(field))
            case .text:
                let (codes, categories, invalid) = store.takeCategorical(field)
                if !invalid.isEmpty, let warn = options.warn {
                    let bad = Set(invalid)
                    let rows = codes.indices.filter { bad.contains(codes[$0]) }
                    let listed = rows.prefix(5).map { "\($0 + 1)" }.joined(separator: ", ")
                    warn(
                        "column '\(names[field])' has bytes that are not UTF-8 in row\(rows.count == 1 ? "" : "s") "
                            + listed + (rows.count > 5 ? " and \(rows.count - 5) more" : "")
                            + " (rows counted from 1 after the header); they read as \u{FFFD}")
                }
                let isText: Bool =
                    switch options.text {
                    case .detect: field != targetIndex && isFreeText(codes: codes, categories: categories)
                    case .named(let wanted): wanted.contains(names[field])
                    }
                values =
                    isText
                    ? .text(codes.map { $0 < 0 ? "" : categories[Int($0)] })
                    : .categorical(codes: codes, categories: categories)
            }
            if field == targetIndex {
                targetValue = makeTarget(name: names[field], values: values, numericClasses: options.numericClasses)
            } else {
                columns.append(Column(name: names[field], values: values))
            }
        }
        var parameters = [
            "delimiter": String(decoding: [delimiter], as: UTF8.self), "header": header ? "true" : "false",
        ]
        if let target { parameters["target"] = target }
        if case .named(let wanted) = options.text { parameters["text"] = wanted.joined(separator: ",") }
        return Dataset(
            name: options.name ?? fileStem(path), columns: columns, target: targetValue,
            rowCount: store.rowCount,
            lineage: Lineage(
                sources: [.init(path: path, sha256: sha256, size: size)],
                operation: options.operation, parameters: parameters))
    }

    /// The kinds the whole file calls for, or the first problem (by line) as an error.
    private static func settledKinds(
        _ result: CSVReadPass.Result, names: [String],
        path: String
    ) throws(DataError) -> [CSVColumnKind] {
        var kinds = result.layout.kinds
        var problems: [(line: Int, field: Int, error: DataError)] = []
        for (field, tally) in result.store.tallies.enumerated() {
            let wordsWin = tally.words > tally.numbers
            if tally.words > 0, !wordsWin, let word = tally.firstWord {
                problems.append(
                    (
                        word.line, field,
                        .badNumber(
                            path: path, line: word.line, column: names[field],
                            value: word.text)
                    ))
                continue
            }
            kinds[field] = wordsWin ? .text : .numeric
            if kinds[field] == .numeric, let infinite = tally.firstInfinite {
                problems.append(
                    (
                        infinite.line, field,
                        .infiniteValue(
                            path: path, line: infinite.line,
                            column: names[field], value: infinite.text)
                    ))
            }
        }
        if let first = problems.min(by: { ($0.line, $0.field) < ($1.line, $1.field) }) { throw first.error }
        return kinds
    }

    /// Header names made usable: an empty name becomes `columnN`, a repeated one gets
    /// `.1`, `.2`, ... as in pandas; without a header, `column1`, `column2`, ...
    static func columnNames(_ header: [String]?, count: Int) -> [String] {
        guard let header else { return (1...max(1, count)).prefix(count).map { "column\($0)" } }
        var seen: Set<String> = []
        var names: [String] = []
        for (index, raw) in header.enumerated() {
            var name = raw.isEmpty ? "column\(index + 1)" : raw
            if seen.contains(name) {
                var suffix = 1
                while seen.contains("\(name).\(suffix)") { suffix += 1 }
                name = "\(name).\(suffix)"
            }
            seen.insert(name)
            names.append(name)
        }
        return names
    }

    private static func makeTarget(name: String, values: ColumnValues, numericClasses: Bool) -> Target {
        switch values {
        case .categorical(let codes, let categories):
            return .classification(name: name, labels: codes, classes: categories)
        case .numeric(let numbers):
            if numericClasses { return Target.classes(name: name, numbers: numbers) }
            return .regression(name: name, values: numbers)
        case .sparse(let sparse):
            // The loader never makes one; read as the numbers it stands for.
            return makeTarget(name: name, values: .numeric(sparse.dense), numericClasses: numericClasses)
        case .text(let strings):
            let classes = Array(Set(strings)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, Int32($0)) })
            return .classification(name: name, labels: strings.map { index[$0] ?? -1 }, classes: classes)
        }
    }

    /// The last path component without its extension: "data/iris.csv" -> "iris".
    static func fileStem(_ path: String) -> String {
        let last = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return last }
        return String(last[..<dot])
    }
}
