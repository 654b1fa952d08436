import Foundation

/// The exact sum of any number of finite doubles, so that statistics summed shard by shard come out the same, to the
/// last bit, however the data are cut into shards, threads or runs.
///
/// The sum is kept as a list of non-overlapping partial sums in increasing magnitude (a floating-point expansion,
/// Shewchuk 1997, "Adaptive precision floating-point arithmetic and fast robust geometric predicates"; the algorithm
/// of Python's `math.fsum`), whose exact total is the exact sum of everything added. ``value`` rounds that total once,
/// correctly (to nearest, ties to even), so it depends only on the multiset of values added, never on their order or
/// grouping. Products are added exactly too (``addProduct(_:_:)``, with a fused multiply-add), so sums of squares are
/// exact. Written here because no Swift package in reach offers an exact or correctly rounded sum (swift-numerics has
/// none); it is small and tested against integer arithmetic.
///
/// Values whose magnitude is below about 1e-290 may lose their exactness in products (underflow); a non-finite value
/// makes the sum not finite (``isFinite``).
///
/// ```swift
/// var sum = ExactSum()
/// for x in [1e100, 1.0, -1e100] { sum.add(x) }
/// sum.value   // 1.0 (a plain loop gives 0.0)
/// ```
public struct ExactSum: Equatable, Sendable, Codable {
    /// Non-overlapping partial sums, smallest magnitude first; their exact total is the sum.
    public private(set) var partials: [Double] = []
    /// False once a non-finite value (or an overflow) was added.
    public private(set) var isFinite = true

    /// An empty sum (zero).
    public init() {}

    /// The sum of `values`, added in order.
    public init(_ values: some Sequence<Double>) {
        for value in values { add(value) }
    }

    /// An exact sum is stored (JSON) as the list of its partials, smallest magnitude first.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.singleValueContainer().decode([Double].self)
        guard values.allSatisfy(\.isFinite), zip(values, values.dropFirst()).allSatisfy({ abs($0) <= abs($1) }) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "partials must be finite, smallest magnitude first"))
        }
        partials = values
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(partials)
    }

    /// Adds `x` exactly.
    ///
    /// - Complexity: O(number of partials), a few for data of similar magnitude.
    public mutating func add(_ x: Double) {
        guard x.isFinite, isFinite else {
            isFinite = false
            return
        }
        var x = x
        let kept = partials.withUnsafeMutableBufferPointer { partials in
            var kept = 0
            for index in partials.indices {
                var y = partials[index]
                if abs(x) < abs(y) { swap(&x, &y) }
                let high = x + y
                let low = y - (high - x)
                if low != 0 {
                    partials[kept] = low
                    kept += 1
                }
                x = high
            }
            return kept
        }
        guard x.isFinite else {
            isFinite = false
            return
        }
        if kept < partials.count {
            partials[kept] = x
            partials.removeLast(partials.count - kept - 1)
        } else {
            partials.append(x)
        }
    }

    /// Adds the exact product `a · b` (its rounded value and the rounding error, found with a fused multiply-add).
    public mutating func addProduct(_ a: Double, _ b: Double) {
        let product = a * b
        add(product)
        if product.isFinite { add((-product).addingProduct(a, b)) }
    }

    /// Adds everything `other` holds.
    public mutating func add(_ other: ExactSum) {
        guard other.isFinite else {
            isFinite = false
            return
        }
        for partial in other.partials { add(partial) }
    }

    /// Adds an unsigned integer exactly (as two doubles of 32 bits each, both exact).
    public mutating func add(_ n: UInt64) {
        add(Double(n >> 32) * 4_294_967_296)
        add(Double(n & 0xFFFF_FFFF))
    }

    /// The exact sum rounded once to the nearest double (ties to even): a function of the values added alone.
    /// `nan` when the sum is not finite.
    public var value: Double {
        guard isFinite else { return .nan }
        guard var index = partials.indices.last else { return 0 }
        var high = partials[index]
        var low = 0.0
        // Add from the largest partial down while the additions are exact.
        while index > 0 {
            index -= 1
            let x = high
            let y = partials[index]
            high = x + y
            low = y - (high - x)
            if low != 0 { break }
        }
        // The rounding of `high + low` was to nearest even; the partials below may break a tie the other way.
        if index > 0, (low < 0 && partials[index - 1] < 0) || (low > 0 && partials[index - 1] > 0) {
            let y = low * 2
            let x = high + y
            if y == x - high { high = x }
        }
        return high
    }

    /// The product of two exact sums, exactly (every pair of partials multiplied exactly).
    public static func * (lhs: ExactSum, rhs: ExactSum) -> ExactSum {
        var result = ExactSum()
        guard lhs.isFinite, rhs.isFinite else {
            result.isFinite = false
            return result
        }
        for a in lhs.partials {
            for b in rhs.partials { result.addProduct(a, b) }
        }
        return result
    }

    /// `self` times the integer `n`, exactly (for `n` below 2⁵³).
    public func scaled(by n: Int) -> ExactSum {
        var result = ExactSum()
        guard isFinite else {
            result.isFinite = false
            return result
        }
        for partial in partials { result.addProduct(partial, Double(n)) }
        return result
    }

    /// The exact difference `self − other`.
    public static func - (lhs: ExactSum, rhs: ExactSum) -> ExactSum {
        var result = lhs
        guard rhs.isFinite else {
            result.isFinite = false
            return result
        }
        for partial in rhs.partials { result.add(-partial) }
        return result
    }
}
