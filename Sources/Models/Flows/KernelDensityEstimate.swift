import Dispatch
import Foundation
import SeededRandom
import Tensor

/// A Gaussian kernel density estimate on the plane, p̂(q) = (1/n) Σᵢ N(q; xᵢ, h² I), with the bandwidth h chosen by
/// leave-one-out likelihood cross-validation on the training points: the baseline a flow must beat.
///
/// Cross-validation maximises (1/m) Σⱼ log p̂₋ⱼ(xⱼ) (p̂₋ⱼ leaves xⱼ out) over a log-spaced grid of 41 bandwidths
/// from 0.005 to 2 × the data's standard deviation, refined by golden-section search around the best. With more than
/// `crossValidationPoints` training points, the held-out xⱼ are a seeded random subset of that size (each still
/// scored against all other points). Complexity: O(n · m) per bandwidth tried; O(n) per density evaluation.
public struct KernelDensityEstimate: Sendable {
    /// The training points [n · 2].
    public let points: [Double]
    /// The bandwidth h.
    public let bandwidth: Double
    /// The mean leave-one-out log-likelihood at ``bandwidth``.
    public let crossValidationScore: Double

    /// Fits the bandwidth on `points` ([n · 2], n ≥ 2).
    public init(points: [Double], crossValidationPoints: Int = 2_000, seed: UInt64 = 1) throws(FlowError) {
        guard points.count >= 4, points.count % 2 == 0, points.allSatisfy(\.isFinite) else {
            throw .invalidData(reason: "a kernel density estimate needs at least two finite (q1, q2) points")
        }
        self.points = points
        let n = points.count / 2
        var held = Array(0..<n)
        if n > crossValidationPoints {
            var generator = SeededGenerator(seed: seed)
            for i in stride(from: n - 1, to: 0, by: -1) { held.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
            held = Array(held.prefix(crossValidationPoints)).sorted()
        }
        let spread = Self.standardDeviation(points)
        let score = { (logH: Double) in
            Self.leaveOneOutScore(points: points, held: held, bandwidth: Foundation.exp(logH))
        }
        let low = Foundation.log(0.005), high = Foundation.log(max(2 * spread, 0.01))
        let grid = (0...40).map { low + (high - low) * Double($0) / 40 }
        let scores = grid.map(score)
        let best = scores.indices.max { scores[$0] < scores[$1] } ?? 0
        var a = grid[max(0, best - 1)], b = grid[min(grid.count - 1, best + 1)]
        // Golden-section search for the maximum on [a, b].
        let ratio = (5.0.squareRoot() - 1) / 2
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = score(c), fd = score(d)
        for _ in 0..<25 {
            if fc > fd {
                b = d
                d = c
                fd = fc
                c = b - ratio * (b - a)
                fc = score(c)
            } else {
                a = c
                c = d
                fc = fd
                d = a + ratio * (b - a)
                fd = score(d)
            }
        }
        let refined = fc > fd ? c : d
        let refinedScore = max(fc, fd)
        if refinedScore >= scores[best] {
            bandwidth = Foundation.exp(refined)
            crossValidationScore = refinedScore
        } else {
            bandwidth = Foundation.exp(grid[best])
            crossValidationScore = scores[best]
        }
    }

    /// log p̂(q) at each point of `queries` ([m · 2]). Runs on all cores; the result does not depend on their number.
    public func logDensity(at queries: [Double]) -> [Double] {
        let m = queries.count / 2
        let n = points.count / 2
        let h2 = bandwidth * bandwidth
        let normaliser = -Foundation.log(Double(n)) - Foundation.log(2 * Double.pi * h2)
        return Self.parallelMap(count: m) { j in
            Self.logSumExpOfKernels(points, x: queries[2 * j], y: queries[2 * j + 1], h2: h2, skipping: nil)
                + normaliser
        }
    }

    /// The mean leave-one-out log-likelihood of the points `held` at bandwidth `h`.
    static func leaveOneOutScore(points: [Double], held: [Int], bandwidth h: Double) -> Double {
        let n = points.count / 2
        let h2 = h * h
        let normaliser = -Foundation.log(Double(n - 1)) - Foundation.log(2 * Double.pi * h2)
        let values = parallelMap(count: held.count) { k in
            let j = held[k]
            return logSumExpOfKernels(points, x: points[2 * j], y: points[2 * j + 1], h2: h2, skipping: j) + normaliser
        }
        return values.reduce(0, +) / Double(held.count)
    }

    /// log Σᵢ exp(−‖(x, y) − xᵢ‖² / 2h²) over the points (skipping one index), in two passes for stability.
    static func logSumExpOfKernels(_ points: [Double], x: Double, y: Double, h2: Double, skipping: Int?) -> Double {
        let n = points.count / 2
        var smallest = Double.infinity
        for i in 0..<n where i != skipping {
            let dx = points[2 * i] - x, dy = points[2 * i + 1] - y
            smallest = min(smallest, dx * dx + dy * dy)
        }
        var sum = 0.0
        let scale = -1 / (2 * h2)
        for i in 0..<n where i != skipping {
            let dx = points[2 * i] - x, dy = points[2 * i + 1] - y
            sum += Foundation.exp((dx * dx + dy * dy - smallest) * scale)
        }
        return smallest * scale + Foundation.log(sum)
    }

    /// The pooled standard deviation of both coordinates.
    static func standardDeviation(_ points: [Double]) -> Double {
        let n = Double(points.count / 2)
        var total = 0.0
        for axis in 0..<2 {
            let values = stride(from: axis, to: points.count, by: 2).map { points[$0] }
            let mean = values.reduce(0, +) / n
            total += values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        }
        return (total / 2).squareRoot()
    }

    /// `body(i)` for i in 0..<count on all cores, in index order.
    static func parallelMap(count: Int, _ body: @Sendable (Int) -> Double) -> [Double] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count))
        let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
        defer { results.deallocate() }
        let output = SendableBuffer(results)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var i = worker
            while i < count {
                output.buffer[i] = body(i)
                i += workers
            }
        }
        return Array(results)
    }
}

/// A buffer written by several threads at disjoint indices.
private struct SendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Double>
    init(_ buffer: UnsafeMutableBufferPointer<Double>) { self.buffer = buffer }
}
