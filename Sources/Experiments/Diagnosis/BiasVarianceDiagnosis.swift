import Render
import TextFormat

/// The course's bias-variance analysis of a model's errors: how far the training error
/// is from the best achievable (avoidable bias), how much worse unseen data from the
/// training distribution does (variance), how much worse the validation distribution
/// does than the training one (distribution shift), and how much worse the test set
/// does than the validation set it was tuned on (validation overfitting). The largest
/// term says what to work on next; `remedies` lists what helps with it, most
/// promising first.
public struct BiasVarianceDiagnosis: Sendable {
    /// The error rates (or losses) the terms are computed from.
    public struct Errors: Sendable, Equatable {
        /// The best achievable error (the human level, a published result, 0).
        public var goal: Double
        public var train: Double
        /// Error on held-out data from the training distribution, when measured.
        public var trainVal: Double?
        public var val: Double
        public var test: Double?

        public init(goal: Double, train: Double, trainVal: Double? = nil, val: Double, test: Double? = nil) {
            self.goal = goal
            self.train = train
            self.trainVal = trainVal
            self.val = val
            self.test = test
        }

        /// Each error with the name the language gives it, in the order data flows.
        public var named: [(name: Problem.Name, value: Double)] {
            [(.goal, goal), (.train, train)] + (trainVal.map { [(.trainVal, $0)] } ?? [])
                + [(.val, val)] + (test.map { [(.test, $0)] } ?? [])
        }
    }

    /// One of the analysis's terms, by the field name `.terms` gives it.
    public enum Term: String, Sendable, CaseIterable {
        case irreducible, bias, variance, shift
        case valOverfitting = "val_overfitting"

        /// What the term measures, in the course's words.
        public var meaning: String {
            switch self {
            case .irreducible: "the best achievable error"
            case .bias: "avoidable bias (underfitting)"
            case .variance: "variance (overfitting)"
            case .shift: "distribution shift (train/val mismatch)"
            case .valOverfitting: "overfitting to the validation set"
            }
        }

        /// What it is computed from, for the table.
        func formula(trainVal: Bool) -> String {
            switch self {
            case .irreducible: "goal"
            case .bias: "train - goal"
            case .variance: trainVal ? "train_val - train" : "val - train"
            case .shift: "val - train_val"
            case .valOverfitting: "test - val"
            }
        }

        /// What helps with the term, most promising first (the course's order). The
        /// irreducible error has none: it is what the others are measured against.
        public var remedies: [String] {
            switch self {
            case .irreducible:
                []
            case .bias:
                [
                    "bigger model", "less regularisation", "error analysis", "better architecture",
                    "tune hyperparameters", "more features",
                ]
            case .variance:
                [
                    "more data", "normalisation", "data augmentation", "regularisation", "error analysis",
                    "better architecture", "tune hyperparameters",
                ]
            case .shift:
                ["analyse test-val errors", "collect data that matches the test distribution", "domain adaptation"]
            case .valOverfitting:
                ["re-sample the validation set (get a bigger one)"]
            }
        }
    }

    /// Why errors cannot be analysed.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Name: String, Sendable {
            case goal, train, val, test
            case trainVal = "train_val"
        }

        case notFinite(Name, Double)
        case negative(Name, Double)
        /// An error rate above 1 (rates are 1 - accuracy).
        case aboveOne(Name, Double)

        public var name: Name {
            switch self {
            case .notFinite(let name, _), .negative(let name, _), .aboveOne(let name, _): name
            }
        }

        public var description: String {
            switch self {
            case .notFinite(let name, let value):
                "the \(name.rawValue) error must be a finite number, got \(NumberText.shortest(value))"
            case .negative(let name, let value):
                "the \(name.rawValue) error must not be negative, got \(NumberText.shortest(value))"
            case .aboveOne(let name, let value):
                "the \(name.rawValue) error is an error rate (1 - accuracy), so it lies from 0 to 1, "
                    + "got \(NumberText.shortest(value))"
            }
        }
    }

    public let errors: Errors
    /// The terms that apply, in the table's order, with their values.
    public let terms: [(term: Term, value: Double)]

    /// - Parameter rates: the errors are error rates (classification), so each lies in [0, 1];
    ///   otherwise they are losses, which only need to be finite and not negative.
    /// - Throws: `Problem` naming the first error out of range.
    public init(_ errors: Errors, rates: Bool) throws(Problem) {
        for (name, value) in errors.named {
            guard value.isFinite else { throw .notFinite(name, value) }
            guard value >= 0 else { throw .negative(name, value) }
            guard !rates || value <= 1 else { throw .aboveOne(name, value) }
        }
        self.errors = errors
        // Differences of rates such as 0.2 - 0.01 carry binary noise (0.19000000000000003)
        // that means nothing and would show in `.terms`; 12 decimals keep every real digit.
        func rounded(_ value: Double) -> Double { (value * 1e12).rounded() / 1e12 }
        var terms: [(Term, Double)] = [(.irreducible, errors.goal), (.bias, rounded(errors.train - errors.goal))]
        if let trainVal = errors.trainVal {
            terms.append((.variance, rounded(trainVal - errors.train)))
            terms.append((.shift, rounded(errors.val - trainVal)))
        } else {
            terms.append((.variance, rounded(errors.val - errors.train)))
        }
        if let test = errors.test { terms.append((.valOverfitting, rounded(test - errors.val))) }
        self.terms = terms
    }

    /// The term to work on: the largest of those that can be reduced (the first on a tie,
    /// so bias wins over variance as the course advises fixing it first).
    public var largest: Term {
        var best = terms[1]
        for candidate in terms.dropFirst(2) where candidate.value > best.value { best = candidate }
        return best.term
    }

    public var remedies: [String] { largest.remedies }

    /// The terms as a table, the largest marked, the errors they come from above it.
    public var table: Table {
        let trainVal = errors.trainVal != nil
        let rows = terms.map { term, value in
            [
                term.rawValue, NumberText.metric(value), term.formula(trainVal: trainVal), term.meaning,
                term == largest ? "<- largest" : "",
            ]
        }
        let caption =
            "errors: "
            + errors.named.map { "\($0.name.rawValue) \(NumberText.metric($0.value))" }
            .joined(separator: ", ")
        return Table(
            columns: ["term", "value", "from", "meaning", ""], rows: rows,
            alignments: [.left, .right, .left, .left, .left], caption: caption)
    }
}
