/// The straight line `y = intercept + slope x` that minimises the sum of squared vertical distances to a set of
/// points (ordinary least squares), with the standard error of its slope.
public struct LeastSquaresLine: Sendable, Equatable, Codable {
    /// The fitted slope `dy/dx`.
    public var slope: Double
    /// The fitted value at `x = 0`.
    public var intercept: Double
    /// The standard error of ``slope`` (`nil` with only two points, where the line fits exactly).
    public var slopeStandardError: Double?

    /// Fits a line to `(x[i], y[i])`.
    ///
    /// - Returns: `nil` with fewer than two points or when all `x` are equal.
    /// - Complexity: O(n), two passes (centred sums, which keep precision when `x` is far from 0).
    public init?(x: [Double], y: [Double]) {
        precondition(x.count == y.count, "LeastSquaresLine needs as many x as y values")
        let n = Double(x.count)
        guard x.count >= 2 else { return nil }
        let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for (xi, yi) in zip(x, y) {
            sxx += (xi - meanX) * (xi - meanX)
            sxy += (xi - meanX) * (yi - meanY)
        }
        guard sxx > 0 else { return nil }
        slope = sxy / sxx
        intercept = meanY - slope * meanX
        if x.count > 2 {
            var residuals = 0.0
            for (xi, yi) in zip(x, y) {
                let r = yi - (intercept + slope * xi)
                residuals += r * r
            }
            slopeStandardError = (residuals / (n - 2) / sxx).squareRoot()
        } else {
            slopeStandardError = nil
        }
    }

    /// The line's value at `x`.
    @inlinable
    public func value(at x: Double) -> Double { intercept + slope * x }
}
