/// What the paired difference A − B of two models' test errors says about the claim "A below B" (lower is better).
public enum OrderingVerdict: String, Codable, Sendable {
    /// The 95% interval of A − B lies below 0.
    case holds
    /// It lies above 0.
    case reversed
    /// It contains 0.
    case notResolved = "not resolved at this budget"
    /// The whole interval lies within the study's negligible band around 0: whatever its sign, the difference is too
    /// small to matter.
    case negligible = "no practical difference"

    /// The verdict of a 95% interval of A − B; an interval inside [−`negligibleBand`, `negligibleBand`] is
    /// ``negligible`` (with a band of 0, only the interval [0, 0] of identical errors is).
    public static func of(_ interval: ConfidenceInterval, negligibleBand band: Double) -> OrderingVerdict {
        if interval.lower >= -band && interval.upper <= band { return .negligible }
        return interval.upper < 0 ? .holds : interval.lower > 0 ? .reversed : .notResolved
    }
}
