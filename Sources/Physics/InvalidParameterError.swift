/// A constant given to a system, sampler or solver is unusable (zero, negative, non-finite or a bad range).
///
/// Thrown by the `validated(…)` factories, which are the entry points for values that come from users
/// (dataset specs, command lines). The plain initialisers treat the same mistakes as programmer errors.
public struct InvalidParameterError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The system, sampler or solver being configured, e.g. `"pendulum"`.
    public var component: String
    /// The parameter's name, e.g. `"length"`.
    public var parameter: String
    /// The rejected value, as text.
    public var value: String
    /// What the parameter must satisfy, e.g. `"a finite number > 0"`.
    public var requirement: String

    /// Creates the error for `parameter` of `component`, which had `value` but must be `requirement`.
    public init(component: String, parameter: String, value: String, requirement: String) {
        self.component = component
        self.parameter = parameter
        self.value = value
        self.requirement = requirement
    }

    public var description: String {
        "\(component): parameter '\(parameter)' is \(value) but must be \(requirement); fix it in the spec or command line"
    }

    /// Throws unless `value` is finite and strictly positive.
    @usableFromInline
    static func requirePositive(_ value: Double, _ parameter: String, of system: String) throws(InvalidParameterError) {
        guard value.isFinite, value > 0 else {
            throw InvalidParameterError(
                component: system, parameter: parameter, value: "\(value)", requirement: "a finite number > 0")
        }
    }

    /// Throws unless `value` is finite and not negative.
    @usableFromInline
    static func requireNonNegative(
        _ value: Double, _ parameter: String, of system: String
    ) throws(InvalidParameterError) {
        guard value.isFinite, value >= 0 else {
            throw InvalidParameterError(
                component: system, parameter: parameter, value: "\(value)", requirement: "a finite number >= 0")
        }
    }

    /// Throws unless `range` has finite bounds, a lower bound >= `minimum`, and is not empty.
    @usableFromInline
    static func requireRange(
        _ range: ClosedRange<Double>, _ parameter: String, of system: String, minimum: Double
    ) throws(InvalidParameterError) {
        guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound >= minimum else {
            throw InvalidParameterError(
                component: system, parameter: parameter, value: "\(range)",
                requirement: "a finite range with lower bound >= \(minimum)")
        }
    }
}
