import TextFormat

/// A setting outside its range, named as the user writes it (`lr`, `rate`, `epochs`):
/// Learn checks every setting once, here, and the language points at the label named.
public struct SettingError: Error, Sendable, Equatable {
    /// What the setting must be.
    public enum Constraint: Sendable, Equatable {
        /// A whole number from 1 up.
        case positiveInteger
        /// A finite number above 0.
        case positiveNumber
        /// A finite number from 0 up.
        case nonNegativeNumber
        /// At least 0 and below 1.
        case fraction
        /// `true` only with a positive value of the named other setting.
        case needsPositive(String)
        /// A non-empty list of positive extents, at most one of them -1.
        case shape
        /// A number above the named other setting, whose value is given.
        case above(String, Double)
        /// A whole number from the given one up.
        case integerAtLeast(Int)
    }

    /// The label as the user writes it.
    public let parameter: String
    public let constraint: Constraint
    /// The value given, as the language writes it (`-1`, `1.5`, `[0, 2]`).
    public let value: String

    public init(_ parameter: String, _ constraint: Constraint, value: String) {
        self.parameter = parameter
        self.constraint = constraint
        self.value = value
    }

    init(_ parameter: String, _ constraint: Constraint, number: Double) {
        self.init(parameter, constraint, value: NumberText.shortest(number))
    }

    init(_ parameter: String, _ constraint: Constraint, integer: Int) {
        self.init(parameter, constraint, value: String(integer))
    }

    /// Checks a number against a constraint.
    package static func check(_ parameter: String, _ value: Double, _ constraint: Constraint) throws(SettingError) {
        let ok =
            switch constraint {
            case .positiveInteger: value.isFinite && value == value.rounded() && value >= 1
            case .positiveNumber: value.isFinite && value > 0
            case .nonNegativeNumber: value.isFinite && value >= 0
            case .fraction: value >= 0 && value < 1
            case .needsPositive, .shape, .above: true
            case .integerAtLeast(let least): value.isFinite && value == value.rounded() && value >= Double(least)
            }
        if !ok { throw SettingError(parameter, constraint, number: value) }
    }

    package static func check(_ parameter: String, _ value: Int, positive: Void = ()) throws(SettingError) {
        if value < 1 { throw SettingError(parameter, .positiveInteger, integer: value) }
    }
}

extension SettingError: CustomStringConvertible {
    /// `'lr' must be a positive number, got -1`.
    public var description: String {
        switch constraint {
        case .positiveInteger: "'\(parameter)' must be a positive integer, got \(value)"
        case .positiveNumber: "'\(parameter)' must be a positive number, got \(value)"
        case .nonNegativeNumber: "'\(parameter)' must be a number from 0 up, got \(value)"
        case .fraction: "'\(parameter)' must be at least 0 and below 1, got \(value)"
        case .needsPositive(let other): "'\(parameter): \(value)' needs a positive '\(other)'"
        case .shape: "'\(parameter)' must be a non-empty list of positive extents with at most one -1, got \(value)"
        case .above(let other, let bound):
            "'\(parameter)' must be greater than '\(other)' (\(NumberText.shortest(bound))), got \(value)"
        case .integerAtLeast(let least): "'\(parameter)' must be a whole number from \(least) up, got \(value)"
        }
    }
}
