import Tensor

/// Why a model could not be built or run. Each message says what to do.
public enum ModelsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A configuration value is out of range or inconsistent with another; `field` names it.
    case invalidConfiguration(field: String, reason: String)
    /// A tensor given to a model has the wrong shape.
    case shapeMismatch(what: String, expected: String, found: [Int])

    public var description: String {
        switch self {
        case .invalidConfiguration(let field, let reason):
            return "invalid model configuration: '\(field)' \(reason)"
        case .shapeMismatch(let what, let expected, let found):
            return
                "\(what) has shape \(found), expected \(expected): check the dataset's frames and the model's configuration"
        }
    }
}
