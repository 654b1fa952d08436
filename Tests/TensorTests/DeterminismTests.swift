import CBLAS
import SeededRandom
import Testing

@testable import Tensor

/// The engine's one thread policy (``ComputeThreads``): results are bit-for-bit the same for 1 and 2 threads, and
/// OpenBLAS never runs its own threads.
@Suite("Results do not depend on the number of threads", .serialized)
struct DeterminismTests {
    /// The bit patterns `body` produces with each thread count (the count is restored afterwards).
    static func bitPatterns(threadCounts: [Int] = [1, 2], _ body: () -> [Float]) -> [[UInt32]] {
        let original = ComputeThreads.count
        defer { ComputeThreads.setCount(original) }
        return threadCounts.map { threads in
            ComputeThreads.setCount(threads)
            return body().map(\.bitPattern)
        }
    }

    @Test(
        "Matrix products, split into fixed blocks, are bitwise identical with 1 and 2 threads",
        arguments: [(1024, 288, 64), (256, 256, 256), (37, 513, 3), (1000, 333, 77), (64, 1500, 200)])
    func matrixProducts(_ sizes: (Int, Int, Int)) {
        let (m, k, n) = sizes
        var generator = SeededGenerator(seed: UInt64(m * k + n))
        let a = Tensor.randomNormal(shape: [m, k], using: &generator)
        let b = Tensor.randomNormal(shape: [k, n], using: &generator)
        let g = Tensor.randomNormal(shape: [m, n], using: &generator)
        let results = Self.bitPatterns {
            a.matmul(b).scalars(as: Float.self) + a.matmul(g, transposeSelf: true).scalars(as: Float.self)
                + g.matmul(b, transposeOther: true).scalars(as: Float.self)
        }
        #expect(results[0] == results[1])
    }

    @Test("A large product runs on several blocks and matches the one-call product within rounding")
    func largeProductAccuracy() {
        var generator = SeededGenerator(seed: 3)
        let (m, k, n) = (1000, 333, 77)
        let a = Tensor.randomNormal(shape: [m, k], using: &generator)
        let b = Tensor.randomNormal(shape: [k, n], using: &generator)
        let product = a.matmul(b).scalars(as: Float.self)
        let exact = a.converted(to: .float64).matmul(b.converted(to: .float64)).scalars(as: Double.self)
        // Each element sums k products of N(0, 1) pairs: rounding stays within ~1e-6 · √k of an O(√k) sum.
        let worst = zip(product, exact).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst < 1e-4 * Double(k).squareRoot())
    }

    @Test("A conv net's loss and gradients are bitwise identical with 1 and 2 threads")
    func convolutionNetwork() {
        var generator = SeededGenerator(seed: 7)
        let x = Tensor.randomNormal(shape: [6, 16, 16, 3], using: &generator)
        let w1 = Tensor.randomNormal(shape: [3, 3, 3, 16], standardDeviation: 0.3, using: &generator)
        let w2 = Tensor.randomNormal(shape: [3, 3, 16, 32], standardDeviation: 0.1, using: &generator)
        let w3 = Tensor.randomNormal(shape: [3, 3, 32, 3], standardDeviation: 0.1, using: &generator)
        let b2 = Tensor.randomNormal(shape: [32], using: &generator)
        let results = Self.bitPatterns {
            let parameters = [w1, w2, w3, b2].map { $0.requiringGradient() }
            let h1 = x.conv2D(parameters[0], padding: .same).leakyRelu(slope: 0.2)
            let h2 = (h1.conv2D(parameters[1], stride: 2, padding: .same) + parameters[3]).relu()
            let y = h2.upsampledNearest().conv2D(parameters[2], padding: .same).sigmoid()
            let loss = (y - x).squared().mean()
            return [Float(loss.scalarValue)]
                + gradients(of: loss, wrt: parameters).flatMap { $0.scalars(as: Float.self) }
        }
        #expect(results[0] == results[1])
    }

    @Test("Large maps, broadcasts, copies and reductions (several chunks) are bitwise identical with 1 and 2 threads")
    func memoryBoundOps() {
        var generator = SeededGenerator(seed: 11)
        let x = Tensor.randomNormal(shape: [10, 32, 32, 16], using: &generator)  // 163,840 elements: 3 chunks
        let bias = Tensor.randomNormal(shape: [16], using: &generator)
        let results = Self.bitPatterns {
            var values: [Tensor] = [
                x + bias, x * x, x.leakyRelu(slope: 0.2), x.sigmoid(), x.upsampledNearest(),
                x.blockSummed(scale: 2), x.summed(toShape: [16]), x.sum(alongAxes: [1, 2]),
                x.sum(), x.permuted([0, 3, 1, 2]), x.slice(alongAxis: 3, range: 4..<12),
                Tensor.concatenate([x, x], alongAxis: 2), bias.broadcast(toShape: x.shape),
            ]
            values.append(Tensor.fusedDerivative(.reluFamily(slope: 0.2), upstream: x, saved: values[2]))
            return values.flatMap { $0.scalars(as: Float.self) }
        }
        #expect(results[0] == results[1])
    }

    @Test(
        "Chunked sums stay within rounding of the exact sums", arguments: [[16], [1, 1, 1, 16], [24, 1, 1, 16], []])
    func chunkedSums(_ target: [Int]) {
        var generator = SeededGenerator(seed: 12)
        let x = Tensor.randomNormal(shape: [24, 32, 32, 16], using: &generator)
        let fast = (target.isEmpty ? x.sum() : x.summed(toShape: target)).scalars(as: Double.self)
        let wide = x.converted(to: .float64)
        let exact = (target.isEmpty ? wide.sum() : wide.summed(toShape: target)).scalars(as: Double.self)
        let terms = Double(x.scalarCount / max(exact.count, 1))
        // Each output sums `terms` N(0, 1) values: float32 rounding stays within ~1e-7 · terms in the worst case.
        let worst = zip(fast, exact).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-6 * terms, "worst error \(worst) over \(terms) terms")
    }

    @Test("HNN training (double backward through matrix products) is bitwise identical with 1 and 2 threads")
    func hamiltonianNetworkTraining() {
        let data = HamiltonianNeuralNetworkTests.massSpringData(count: 64, seed: 4)
        let results = Self.bitPatterns {
            let model = HamiltonianNeuralNetworkTests.Model(seed: 5, hidden: 64)
            _ = HamiltonianNeuralNetworkTests.train(model, steps: 5, data: data)
            return model.parameters.values.flatMap { $0.scalars(as: Float.self) }
        }
        #expect(results[0] == results[1])
    }

    @Test("OpenBLAS stays one-threaded: the engine's products never use its threads")
    func openBLASIsOneThreaded() {
        var generator = SeededGenerator(seed: 9)
        let a = Tensor.randomNormal(shape: [300, 300], dtype: .float64, using: &generator)
        _ = a.matmul(a)
        _ = a.converted(to: .float32).matmul(a.converted(to: .float32))
        #expect(openblas_get_num_threads() == 1)
    }
}
