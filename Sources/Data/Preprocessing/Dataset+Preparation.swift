/// New data made ready for a model: its columns matched to the model's by name, the
/// model's preprocessing applied where the data has not been through it yet, and
/// categories and classes matched by name, so a holdout file with fewer categories or
/// classes than the training data (or in another order) reads the same way.
extension Dataset {
    /// This data as the model that keeps `preprocessing` reads it.
    ///
    /// Steps: when the data went through exactly the model's steps (it was prepared
    /// with `using:` the training split), nothing is applied again; when it went
    /// through none or the first few, the rest are applied; otherwise it was
    /// preprocessed differently and is used as it is, and the report says how.
    /// Columns: the model's, in its order (extra ones are left out); a category the
    /// model never saw encodes as none of the known ones (`unseenCode`) and is counted.
    /// Classes: recoded to the model's.
    ///
    /// - Throws: a column the model reads is missing or of the other kind, or the
    ///   target holds a class the model was not trained on.
    public func prepared(for preprocessing: Preprocessing) throws(PreparationError) -> (
        dataset: Dataset, report: PreparationReport
    ) {
        // No columns: a run whose training data the store no longer describes. The data
        // is left as it is, for the feature check to refuse.
        guard !preprocessing.columns.isEmpty else { return (self, PreparationReport()) }
        var report = PreparationReport()
        let mine = preprocessing.steps
        let theirs = self.preprocessing.map(\.step)
        var pending: [PreprocessingStep] = []
        if theirs != mine {
            if theirs.count < mine.count, Array(mine.prefix(theirs.count)) == theirs {
                pending = Array(mine.dropFirst(theirs.count))
            } else {
                report.differentSteps = PreparationReport.DifferentSteps(data: self.preprocessing, model: mine)
            }
        }
        // The columns this data must have before the steps it still needs: raw text for
        // a `vectorize` to come, the features it made for one already applied.
        let required = Preprocessing.rawColumns(preprocessing.columns, steps: pending)
        // By name through a dictionary: a bag of words has tens of thousands of columns.
        let available = columns.map(\.name)
        let position = Dictionary(available.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let missing = required.map(\.name).filter { position[$0] == nil }
        guard missing.isEmpty else { throw .missingColumns(missing, available: available) }
        for wanted in required {
            let column = columns[position[wanted.name]!]
            if wanted.isText {
                if !column.isText { throw .columnKind(wanted.name, expected: "free text") }
                continue
            }
            if column.isText {
                throw .columnKind(wanted.name, expected: wanted.categories == nil ? "numbers" : "categories")
            }
            if wanted.categories == nil, column.isCategorical { throw .columnKind(wanted.name, expected: "numbers") }
            if wanted.categories != nil, !column.isCategorical {
                throw .columnKind(wanted.name, expected: "categories")
            }
        }
        var data = self
        for step in pending { data = data.applying(step) }
        report.appliedSteps = pending.count
        var aligned: [Column] = []
        let prepared = Dictionary(
            data.columns.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        for wanted in preprocessing.columns {
            let column = data.columns[prepared[wanted.name]!]
            guard let known = wanted.categories, case .categorical(let codes, let categories) = column.values else {
                aligned.append(column)
                continue
            }
            if categories == known {
                aligned.append(column)
                continue
            }
            let position = Dictionary(
                known.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
            let remap = categories.map { position[$0] ?? ColumnValues.unseenCode }
            var unseen: [String: Int] = [:]
            let recoded = codes.map { code -> Int32 in
                guard code >= 0 else { return code }
                let mapped = remap[Int(code)]
                if mapped == ColumnValues.unseenCode { unseen[categories[Int(code)], default: 0] += 1 }
                return mapped
            }
            for (category, count) in unseen.sorted(by: { $0.key < $1.key }) {
                report.unseenCategories.append(.init(column: wanted.name, category: category, rows: count))
            }
            aligned.append(Column(name: wanted.name, values: .categorical(codes: recoded, categories: known)))
        }
        data.columns = aligned
        if let modelClasses = preprocessing.target?.classes,
            case .classification(let name, let labels, let classes)? = data.target, classes != modelClasses
        {
            let unknown = classes.filter { !modelClasses.contains($0) }
            guard unknown.isEmpty else { throw .unknownClasses(unknown, known: modelClasses) }
            let remap = classes.map { Int32(modelClasses.firstIndex(of: $0)!) }
            data.target = .classification(
                name: name, labels: labels.map { $0 < 0 ? $0 : remap[Int($0)] },
                classes: modelClasses)
        }
        return (data, report)
    }
}

/// What `prepared(for:)` noticed, for the warnings the caller prints.
public struct PreparationReport: Sendable, Equatable {
    /// The data went through other steps than the model's training data.
    public struct DifferentSteps: Sendable, Equatable {
        public var data: [AppliedStep]
        public var model: [PreprocessingStep]
    }

    /// A category the model never saw, in how many rows.
    public struct UnseenCategory: Sendable, Equatable {
        public var column: String
        public var category: String
        public var rows: Int
    }

    /// How many of the model's steps were applied here (0: none were needed).
    public var appliedSteps = 0
    public var differentSteps: DifferentSteps?
    public var unseenCategories: [UnseenCategory] = []

    public init() {}
}

/// Why data cannot be prepared for a model.
public enum PreparationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Columns the model reads that the data lacks; `available` are the ones it has.
    case missingColumns([String], available: [String])
    /// A column the model reads as numbers holds text, or the other way round.
    case columnKind(String, expected: String)
    /// Classes in the data's target that the model was not trained on.
    case unknownClasses([String], known: [String])

    public var description: String {
        switch self {
        case .missingColumns(let names, _):
            let listed = names.map { "'\($0)'" }.joined(separator: ", ")
            return
                "the data lacks \(names.count == 1 ? "the column" : "the columns") \(listed) the model was trained on"
        case .columnKind(let name, let expected):
            let found =
                switch expected {
                case "numbers": "text"
                case "free text": "numbers or categories"
                default: "numbers"
                }
            return "the model read column '\(name)' as \(expected), the data has \(found) in it"
        case .unknownClasses(let classes, let known):
            return "the data has \(classes.count == 1 ? "class" : "classes") "
                + classes.map { "'\($0)'" }.joined(separator: ", ")
                + " the model was not trained on (it knows " + known.map { "'\($0)'" }.joined(separator: ", ") + ")"
        }
    }
}
