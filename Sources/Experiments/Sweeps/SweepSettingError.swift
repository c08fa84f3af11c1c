/// A sampler or pruner setting out of its range, naming the setting, its value and the
/// least it may be.
public enum SweepSettingError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooSmall(setting: String, value: Int, minimum: Int)

    public var description: String {
        switch self {
        case .tooSmall(let setting, let value, let minimum):
            "\(setting) must be at least \(minimum), got \(value)"
        }
    }

    /// Throws when `value < minimum`.
    static func check(_ setting: String, _ value: Int, atLeast minimum: Int) throws(SweepSettingError) {
        if value < minimum { throw .tooSmall(setting: setting, value: value, minimum: minimum) }
    }
}
