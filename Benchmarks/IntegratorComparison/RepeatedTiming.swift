/// Wall-clock timing by the median of repeats, which shrugs off the occasional slow repeat when other processes
/// share the machine.
public enum RepeatedTiming {
    /// The median of `values` (the mean of the two middle ones for an even count); `nil` for none. `O(n log n)`.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The seconds that `body` takes, measured with the monotonic clock.
    @inlinable
    public static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        let (whole, fraction) = elapsed.components
        return Double(whole) + Double(fraction) * 1e-18
    }
}

/// Keeps a value alive so that the optimiser cannot delete the computation that produced it.
@inline(never)
@_optimize(none)
public func blackHole<T>(_ value: T) {}
