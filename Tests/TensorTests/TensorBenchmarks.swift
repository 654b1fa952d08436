import Foundation
import SeededRandom
import Testing

@testable import Tensor

/// Timings of the engine's non-convolution work at the HGN decoder's sizes (480 frames of 32x32x64 after the last
/// upsampling). Opt-in: `TENSOR_BENCHMARKS=1 swift test -c release -Xswiftc -enable-testing --filter TensorBenchmarks`.
@Suite("Benchmarks (opt-in)", .enabled(if: ProcessInfo.processInfo.environment["TENSOR_BENCHMARKS"] != nil))
struct TensorBenchmarks {
    /// Median wall time of `body` over `repetitions` runs, in milliseconds.
    static func milliseconds(_ repetitions: Int = 5, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0..<repetitions {
            let elapsed = clock.measure(body)
            times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
        }
        return times.sorted()[repetitions / 2]
    }

    static func report(_ name: String, _ ms: Double, bytes: Int) {
        let bandwidth = Double(bytes) / (ms / 1e3) / 1e9
        print(String(format: "%-44@ %8.2f ms  %6.1f GB/s", name as NSString, ms, bandwidth))
    }

    @Test("Elementwise, broadcast, reduction and resampling ops at decoder size")
    func decoderSizedOps() {
        var generator = SeededGenerator(seed: 1)
        let shape = [480, 32, 32, 64]
        let n = shape.reduce(1, *), bytes = n * 4
        let x = Tensor.randomNormal(shape: shape, using: &generator)
        let g = Tensor.randomNormal(shape: shape, using: &generator)
        let bias = Tensor.randomNormal(shape: [64], using: &generator)
        let small = Tensor.randomNormal(shape: [480, 16, 16, 64], using: &generator)
        print("engine ops on [480, 32, 32, 64] float32 (\(bytes >> 20) MiB per tensor)")
        Self.report(
            "allocate + fill (Tensor(repeating:))", Self.milliseconds { _ = Tensor(repeating: 1, shape: shape) },
            bytes: bytes)
        Self.report("x + bias [64]", Self.milliseconds { _ = x + bias }, bytes: 2 * bytes)
        Self.report("x + g", Self.milliseconds { _ = x + g }, bytes: 3 * bytes)
        Self.report("x * 0.5", Self.milliseconds { _ = x * 0.5 }, bytes: 2 * bytes)
        Self.report("leakyRelu", Self.milliseconds { _ = x.leakyRelu(slope: 0.2) }, bytes: 2 * bytes)
        Self.report("sigmoid", Self.milliseconds { _ = x.sigmoid() }, bytes: 2 * bytes)
        Self.report(
            "leakyRelu backward (fused)",
            Self.milliseconds {
                _ = Tensor.fusedDerivative(.reluFamily(slope: 0.2), upstream: g, saved: x)
            }, bytes: 3 * bytes)
        Self.report("bias gradient (sum to [64])", Self.milliseconds { _ = g.summed(toShape: [64]) }, bytes: bytes)
        Self.report("sum all", Self.milliseconds { _ = g.sum() }, bytes: bytes)
        Self.report(
            "upsample x2 from [480,16,16,64]", Self.milliseconds { _ = small.upsampledNearest() },
            bytes: bytes + bytes / 4)
        Self.report("block sum x2", Self.milliseconds { _ = g.blockSummed(scale: 2) }, bytes: bytes + bytes / 4)
        Self.report(
            "slice half the batch", Self.milliseconds { _ = x.slice(alongAxis: 0, range: 0..<240) }, bytes: bytes)
        Self.report("mse", Self.milliseconds { _ = Tensor.meanSquaredError(x, g) }, bytes: 4 * bytes)
    }

    @Test("Graph overhead: 10,000 tiny recorded ops, forward and backward")
    func graphOverhead() {
        let x = Tensor(shape: [4], scalars: [Float](repeating: 1, count: 4)).requiringGradient()
        let ms = Self.milliseconds(3) {
            var y = x
            for _ in 0..<10_000 { y = y * 1.0001 }
            _ = gradient(of: y.sum(), wrt: x)
        }
        print(String(format: "graph: %.2f us per tiny op (forward + backward)", ms * 1e3 / 10_000))
    }
}
