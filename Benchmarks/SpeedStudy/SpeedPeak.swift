import Foundation
import SeededRandom
import Tensor

/// The sgemm rate the engine reaches on convolution-shaped products, measured through the engine's own matrix
/// product (`Tensor.matmul`: fixed blocks of rows on ComputeThreads' workers, one-threaded OpenBLAS each), so that a
/// model's GFLOP/s can be read as a fraction of what its GEMMs could do on the same threads at the same moment.
public enum SGEMMPeak {
    /// One product `[m, k] · [k, n]`.
    public struct Shape: Hashable, Sendable, CustomStringConvertible {
        public var m: Int, k: Int, n: Int
        /// `2 m n k`.
        public var flops: Int { 2 * m * n * k }
        public var description: String { "\(m)x\(k)x\(n)" }
    }

    /// The im2col products of 3x3 convolutions with 32 to 64 input channels and 64 outputs, over 1024 to 16384
    /// output pixels.
    public static let convolutionShapes = [1024, 4096, 16384].flatMap { m in
        [288, 576].map { Shape(m: m, k: $0, n: 64) }
    }

    /// One small shape, for tests of the command.
    public static let quickShapes = [Shape(m: 1024, k: 288, n: 64)]

    /// The best rate of each shape (GFLOP/s of its fastest product) and the best of all.
    ///
    /// On a shared machine a product only reaches the peak when no other process takes one of the cores during it,
    /// so every shape is timed in `rounds` rounds of at least `secondsPerRound` each (at least 3 products), the
    /// rounds of all shapes interleaved so that a quiet moment anywhere in the measurement counts for every shape.
    public static func measure(
        _ shapes: [Shape], rounds: Int, secondsPerRound: Double, seed: UInt64,
        progress: (String) -> Void
    ) -> (peak: Double, shape: Shape?, rates: [Shape: Double]) {
        var generator = SeededGenerator(seed: seed)
        let operands = shapes.map { shape in
            (
                Tensor.randomUniform(shape: [shape.m, shape.k], lowerBound: -1, upperBound: 1, using: &generator),
                Tensor.randomUniform(shape: [shape.k, shape.n], lowerBound: -1, upperBound: 1, using: &generator)
            )
        }
        var fastest = [Double](repeating: .infinity, count: shapes.count)
        let clock = ContinuousClock()
        for _ in 0..<rounds {
            for (index, (a, b)) in operands.enumerated() {
                _ = a.matmul(b)
                var total = 0.0, repeats = 0
                while total < secondsPerRound || repeats < 3 {
                    let seconds = clock.measure { _ = a.matmul(b) }.seconds
                    fastest[index] = min(fastest[index], seconds)
                    total += seconds
                    repeats += 1
                }
            }
        }
        var rates: [Shape: Double] = [:]
        var best: (rate: Double, shape: Shape?) = (0, nil)
        for (index, shape) in shapes.enumerated() {
            let rate = Double(shape.flops) / fastest[index] / 1e9
            rates[shape] = rate
            if rate > best.rate { best = (rate, shape) }
            progress(String(format: "sgemm %@: %.1f GFLOP/s (best of %d rounds)", shape.description, rate, rounds))
        }
        return (best.rate, best.shape, rates)
    }
}

extension Duration {
    /// The duration in seconds.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
