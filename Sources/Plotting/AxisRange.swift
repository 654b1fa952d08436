/// The interval of data values an axis shows, and the map from a value to its fraction of the axis length.
public struct AxisRange: Sendable, Equatable {
    /// The scale of the axis.
    public var scale: AxisScale
    /// The smallest value shown (at the left or bottom end).
    public var lower: Double
    /// The largest value shown (at the right or top end).
    public var upper: Double

    /// Creates a range; `lower < upper`, both finite, and both positive on a log axis (a programmer error
    /// otherwise: ``LineChart`` validates user ranges and throws ``PlottingError`` instead).
    public init(scale: AxisScale, lower: Double, upper: Double) {
        precondition(lower < upper && lower.isFinite && upper.isFinite, "an axis range needs finite lower < upper")
        precondition(scale == .linear || lower > 0, "a log axis needs a positive lower bound")
        self.scale = scale
        self.lower = lower
        self.upper = upper
    }

    /// Where `value` falls along the axis: 0 at ``lower``, 1 at ``upper`` (values outside give fractions outside
    /// `[0, 1]`), or `nil` if the scale cannot place it (non-finite, or not positive on a log axis).
    @inlinable
    public func fraction(of value: Double) -> Double? {
        guard let t = scale.transformed(value), let t0 = scale.transformed(lower),
            let t1 = scale.transformed(upper)
        else { return nil }
        return (t - t0) / (t1 - t0)
    }
}
