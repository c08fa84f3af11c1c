/// What part of an experiment's data a dataset is, as far as the code shows: the
/// leakage rules ask this of every dataset a scaler, `fit` or a sweep touches.
///
/// The heuristic, in order (documented in `strata lint --explain S302`):
/// 1. The data flow: the parts of `a, b, c = split(...)` by position (the first is
///    training, the last of three or more is test, the others validation; with two,
///    the second is a held-out validation split), `parts[i]` of `parts = split(...)`,
///    and anything computed from one of them by a row-keeping transform
///    (`standardize(val, using: train)` is still validation data).
/// 2. In the notebook, the value the session holds: a dataset `split` made knows which
///    part it is (`pick(parts)` does not show it in the code).
/// 3. Otherwise the name: a word of it (split at `_`, case changes and digits) that
///    says `val`, `valid`, `validation`, `dev` or `eval` means validation; `test`,
///    `testing` or `holdout` means test; `train` or `training` means training.
///
/// A name given in a `split` destructuring wins over the position:
/// `train, test = split(...)` makes `test` a test split.
public enum DataRole: String, Sendable, Equatable {
    case train, validation, test

    /// `a validation split`, as messages say it.
    public var phrase: String {
        switch self {
        case .train: return "a training split"
        case .validation: return "a validation split"
        case .test: return "a test split"
        }
    }

    /// Validation and test data: what must not teach the model or its preprocessing.
    var isHeldOut: Bool { self != .train }

    /// The role of part `index` (0-based) of a split into `count` parts (nil: unknown).
    static func ofSplitPart(_ index: Int, of count: Int?) -> DataRole {
        if index == 0 { return .train }
        if let count, count >= 3, index == count - 1 { return .test }
        return .validation
    }

    /// The role a binding's name states, if any: `val_raw` and `xValid` are
    /// validation, `test_s` and `holdout` test, `train2` training.
    public static func named(_ name: String) -> DataRole? {
        for word in words(of: name) {
            switch word {
            case "val", "vals", "valid", "validation", "dev", "eval", "valset", "validset", "devset":
                return .validation
            case "test", "tests", "testing", "testset", "holdout":
                return .test
            case "train", "training", "trainset":
                return .train
            default:
                continue
            }
        }
        return nil
    }

    /// `val_raw` -> [val, raw]; `xValid2` -> [x, valid]; lowercase, without digits.
    static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousWasLower = false
        for scalar in name.unicodeScalars {
            let isUpper = scalar.properties.isUppercase
            let isLetter = scalar.properties.isAlphabetic
            if !isLetter || (isUpper && previousWasLower) {
                if !current.isEmpty { words.append(current) }
                current = ""
            }
            if isLetter { current += String(scalar).lowercased() }
            previousWasLower = isLetter && !isUpper
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}

/// What the data flow says about one binding's value, kept per binding as the
/// analysis walks the code.
struct DataFacts: Equatable {
    /// Known from the flow (a split part, or computed from one); nil: fall back to the name.
    var role: DataRole?
    /// Set when the value was scaled or filled with statistics of all its own rows
    /// (not a split part): the scaler's name, for `split` of it later (S303).
    var scaledWhole: String?
    /// Set when the value is the list `split(...)` returns: the number of parts when
    /// the fractions are written as a list literal, 0 when unknown.
    var splitParts: Int?
}
