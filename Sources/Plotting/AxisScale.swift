import Foundation

/// How data values are spaced along a chart axis.
public enum AxisScale: String, Sendable, Codable, CaseIterable {
    /// Equal differences take equal lengths.
    case linear
    /// Equal ratios take equal lengths (base 10); only positive values can be drawn.
    case log10

    /// The coordinate in which this axis is evenly spaced: the value itself, or its base-10 logarithm.
    ///
    /// Returns `nil` for values the scale cannot place: non-finite values, and values `<= 0` on a log axis.
    @inlinable
    public func transformed(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch self {
        case .linear: return value
        case .log10: return value > 0 ? Foundation.log10(value) : nil
        }
    }

    /// The inverse of ``transformed(_:)``.
    @inlinable
    public func value(ofTransformed t: Double) -> Double {
        switch self {
        case .linear: t
        case .log10: Foundation.pow(10, t)
        }
    }
}
