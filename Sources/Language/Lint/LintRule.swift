/// One check `strata lint` makes, with the stable code that names it in output, in
/// `# strata: ignore[...]` comments and in `strata lint --explain`.
///
/// Codes are grouped by hundreds: `S0xx` the code does not parse, `S1xx` names and
/// calls (what would fail when the cell runs), `S2xx` hygiene, `S3xx` the mistakes
/// that make an experiment's numbers wrong or unrepeatable. A code never changes
/// meaning; a retired rule keeps its code unused.
public enum LintRule: String, CaseIterable, Sendable, Hashable {
    case syntaxError = "S001"
    case undefinedName = "S101"
    case unknownLabel = "S102"
    case tooManyArguments = "S103"
    case missingArgument = "S104"
    case repeatedLabel = "S105"
    case unusedBinding = "S201"
    case shadowedBuiltin = "S202"
    case missingSeed = "S301"
    case scalerFittedOnHeldOut = "S302"
    case scaledBeforeSplit = "S303"
    case testSplitInTraining = "S304"
    case testSplitInSweep = "S305"

    /// The code as written in output and comments: `S101`.
    public var code: String { rawValue }

    /// The rule a code names, ignoring case (`s101` works too).
    public init?(code: String) {
        self.init(rawValue: code.uppercased())
    }

    /// Errors make `strata lint` exit with status 1; warnings are reported only.
    public var severity: Diagnostic.Severity {
        switch self {
        case .syntaxError, .undefinedName, .unknownLabel, .tooManyArguments, .missingArgument, .repeatedLabel,
            .scalerFittedOnHeldOut, .testSplitInTraining, .testSplitInSweep:
            return .error
        case .unusedBinding, .shadowedBuiltin, .missingSeed, .scaledBeforeSplit:
            return .warning
        }
    }

    /// A short name for tables and JSON: `undefined-name`.
    public var name: String {
        switch self {
        case .syntaxError: return "syntax-error"
        case .undefinedName: return "undefined-name"
        case .unknownLabel: return "unknown-label"
        case .tooManyArguments: return "too-many-arguments"
        case .missingArgument: return "missing-argument"
        case .repeatedLabel: return "repeated-label"
        case .unusedBinding: return "unused-binding"
        case .shadowedBuiltin: return "shadowed-builtin"
        case .missingSeed: return "missing-seed"
        case .scalerFittedOnHeldOut: return "scaler-fitted-on-held-out"
        case .scaledBeforeSplit: return "scaled-before-split"
        case .testSplitInTraining: return "test-split-in-training"
        case .testSplitInSweep: return "test-split-in-sweep"
        }
    }

    /// True for the rules about information leaking from held-out data into training.
    /// These also run in the notebook, as warnings on stderr when such a cell runs.
    public var isLeakage: Bool {
        switch self {
        case .scalerFittedOnHeldOut, .scaledBeforeSplit, .testSplitInTraining, .testSplitInSweep: return true
        default: return false
        }
    }

    /// Whether `# strata: ignore` can silence it: a syntax error cannot, since nothing
    /// after it can be checked.
    public var canBeSilenced: Bool { self != .syntaxError }

    /// One line saying what the rule finds.
    public var summary: String {
        switch self {
        case .syntaxError: return "The code does not parse; nothing else in the cell or file is checked."
        case .undefinedName: return "A name that is neither bound before its use nor a builtin."
        case .unknownLabel: return "A call passes a label its function does not take."
        case .tooManyArguments: return "A call passes more positional arguments than its function takes."
        case .missingArgument: return "A call leaves out an argument its function requires."
        case .repeatedLabel: return "A call passes the same label twice."
        case .unusedBinding: return "A name is bound and never read."
        case .shadowedBuiltin:
            return "A binding hides a builtin that the code then calls, or replaces it with a function."
        case .missingSeed: return "split, sample, fit, learning_curve or sweep without seed:."
        case .scalerFittedOnHeldOut: return "A scaler or fill learns its statistics from a validation or test split."
        case .scaledBeforeSplit: return "Data is scaled with statistics of all its rows and only then split."
        case .testSplitInTraining:
            return "A test split is trained on, or chooses epochs, in fit, learning_curve or lr_find."
        case .testSplitInSweep: return "A sweep's trials read the test split, so hyperparameters are chosen on it."
        }
    }
}
