/// Why a chart could not be drawn or written; each message says what to change.
public enum PlottingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The requested image is too small to hold the axes, labels and legend, or too large.
    case invalidImageSize(width: Int, height: Int, minimum: Int)
    /// An explicit axis range is empty, reversed, non-finite, or not positive on a log axis.
    case invalidAxisRange(axis: String, lower: Double, upper: Double, scale: AxisScale)
    /// The PNG encoder failed (its own message).
    case encodingFailed(String)
    /// The file could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidImageSize(let width, let height, let minimum):
            "chart size \(width) x \(height) pixels is unusable: give a width and height of at least \(minimum) "
                + "pixels (and at most 16384)."
        case .invalidAxisRange(let axis, let lower, let upper, let scale):
            "the \(axis) axis range \(lower)...\(upper) is invalid for a \(scale.rawValue) scale: give finite "
                + "bounds with lower < upper" + (scale == .log10 ? ", both > 0." : ".")
        case .encodingFailed(let message):
            "PNG encoding failed: \(message)"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason). Check that the directory exists and is writable."
        }
    }
}
