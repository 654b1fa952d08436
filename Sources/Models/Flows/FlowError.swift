/// Everything a user can get wrong when configuring, training or evaluating a Hamiltonian flow. Each case renders as
/// one line that says what is wrong and what to do.
public enum FlowError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A configuration value is out of range; `name` is the option or field (e.g. `lambda`).
    case invalidValue(name: String, value: String, reason: String)
    /// No symmetry generator of that name exists.
    case unknownGenerator(String, known: [String])
    /// No density target of that name exists.
    case unknownTarget(String, known: [String])
    /// No momentum encoder of that name exists.
    case unknownEncoder(String, known: [String])
    /// The data cannot be used (too few points, wrong shape, non-finite values).
    case invalidData(reason: String)
    /// Training diverged: the loss became NaN or infinite.
    case diverged(step: Int, loss: Double)

    public var description: String {
        switch self {
        case .invalidValue(let name, let value, let reason):
            return "invalid \(name) \(value): \(reason)"
        case .unknownGenerator(let name, let known):
            return "unknown symmetry generator '\(name)'; known generators: \(known.joined(separator: ", "))"
        case .unknownTarget(let name, let known):
            return "unknown density target '\(name)'; known targets: \(known.joined(separator: ", "))"
        case .unknownEncoder(let name, let known):
            return "unknown momentum encoder '\(name)'; known encoders: \(known.joined(separator: ", "))"
        case .invalidData(let reason):
            return "invalid training data: \(reason)"
        case .diverged(let step, let loss):
            return "training diverged at step \(step) (loss \(loss)); lower the learning rate or the step size"
        }
    }
}
