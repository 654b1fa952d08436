import CBLAS
import Foundation
import Testing

@testable import Tensor

/// The threading policy: `ComputeThreads` configuration and the bit-for-bit determinism it promises.
@Suite("ComputeThreads and deterministic convolution", .serialized)
struct FastConvolutionThreadingTests {
    @Test("thread count parses from the environment value")
    func environmentParsing() throws {
        #expect(try ComputeThreads.threadCount(fromEnvironmentValue: nil) == nil)
        #expect(try ComputeThreads.threadCount(fromEnvironmentValue: "3") == 3)
        #expect(try ComputeThreads.threadCount(fromEnvironmentValue: " 2 ") == 2)
        for bad in ["0", "-1", "two", ""] {
            #expect(throws: ComputeThreadsError.invalidThreadCount(bad)) {
                try ComputeThreads.threadCount(fromEnvironmentValue: bad)
            }
        }
        let message = ComputeThreadsError.invalidThreadCount("x").description
        #expect(message.contains("HAMILTONIAN_THREADS"))
    }

    @Test("setCount changes our count while OpenBLAS stays one-threaded")
    func setCount() {
        let original = ComputeThreads.count
        defer { ComputeThreads.setCount(original) }
        #expect(original >= 1)
        ComputeThreads.setCount(3)
        #expect(ComputeThreads.count == 3)
        #expect(openblas_get_num_threads() == 1)
        ComputeThreads.setCount(1)
        #expect(ComputeThreads.count == 1)
        #expect(openblas_get_num_threads() == 1)
    }

    @Test("parallelFor runs every chunk exactly once, also when nested", arguments: [1, 2, 4])
    func parallelForCoversChunks(threads: Int) {
        let original = ComputeThreads.count
        defer { ComputeThreads.setCount(original) }
        ComputeThreads.setCount(threads)
        let outer = 7
        let inner = 5
        var visits = [Int](repeating: 0, count: outer * inner)
        visits.withUnsafeMutableBufferPointer { visits in
            let base = visits.baseAddress!
            ComputeThreads.parallelFor(chunks: outer) { i in
                ComputeThreads.parallelFor(chunks: inner) { j in base[i * inner + j] += 1 }
            }
        }
        #expect(visits == [Int](repeating: 1, count: outer * inner))
        ComputeThreads.parallelFor(chunks: 0) { _ in Issue.record("no chunk should run") }
    }

    /// Same bytes for 1 and 2 threads, for every algorithm, on problems that span several chunks.
    @Test(
        "results do not depend on the thread count",
        arguments: [
            ConvolutionCase.make("im2col", n: 3, h: 32, w: 32, cin: 8, cout: 4, k: 3, pad: (1, 1, 1, 1)),
            ConvolutionCase.make("Winograd", n: 3, h: 31, w: 31, cin: 16, cout: 16, k: 3, pad: (1, 1, 1, 1)),
            ConvolutionCase.make("Winograd F(2x2)", n: 64, h: 6, w: 6, cin: 16, cout: 32, k: 3, pad: (1, 1, 1, 1)),
            ConvolutionCase.make("pointwise", n: 5, h: 32, w: 32, cin: 4, cout: 3, k: 1),
            ConvolutionCase.make("stride 2", n: 5, h: 16, w: 16, cin: 4, cout: 24, k: 3, stride: 2, pad: (1, 1, 1, 1)),
            ConvolutionCase.make("stacked taps", n: 6, h: 32, w: 32, cin: 16, cout: 3, k: 3, pad: (1, 1, 1, 1)),
        ])
    func determinism(_ testCase: ConvolutionCase) {
        let original = ComputeThreads.count
        defer { ComputeThreads.setCount(original) }
        let g = testCase.geometry
        let x = seededValues(count: g.inputCount, seed: 11)
        let w = seededValues(count: g.weightCount, seed: 12)
        let dy = seededValues(count: g.outputCount, seed: 13)
        func run(threads: Int) -> (y: [Float], dx: [Float], dw: [Float]) {
            ComputeThreads.setCount(threads)
            var y = [Float](repeating: 0, count: g.outputCount)
            var dx = [Float](repeating: 0, count: g.inputCount)
            var dw = [Float](repeating: 0, count: g.weightCount)
            FastConvolution.forward(g, input: x, weight: w, output: &y)
            FastConvolution.backwardInput(g, outputGradient: dy, weight: w, inputGradient: &dx)
            FastConvolution.backwardWeight(g, input: x, outputGradient: dy, weightGradient: &dw)
            return (y, dx, dw)
        }
        let one = run(threads: 1)
        let two = run(threads: 2)
        #expect(bitPattern(one.y) == bitPattern(two.y), "\(testCase): forward")
        #expect(bitPattern(one.dx) == bitPattern(two.dx), "\(testCase): input gradient")
        #expect(bitPattern(one.dw) == bitPattern(two.dw), "\(testCase): weight gradient")
    }

    /// `parallelGEMM` against a `Double` reference for every transpose combination, tall and wide shapes, and
    /// `beta` = 0 and 1; the bound is `1e-5 · Σ|a b| / √k` per element, as for the convolutions.
    @Test(
        "parallelGEMM computes op(A)·op(B) + beta·C",
        arguments: [
            (200, 37, 133, false, false), (200, 37, 133, true, false), (45, 300, 70, false, true),
            (16, 300, 500, true, true),
        ])
    func parallelGEMM(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) throws {
        let original = ComputeThreads.count
        defer { ComputeThreads.setCount(original) }
        let a = seededValues(count: m * k, seed: 21)
        let b = seededValues(count: k * n, seed: 22)
        let c0 = seededValues(count: m * n, seed: 23)
        let (lda, ldb) = (transposeA ? m : k, transposeB ? k : n)
        for beta: Float in [0, 1] {
            var results: [[Float]] = []
            for threads in [1, 2] {
                ComputeThreads.setCount(threads)
                var c = c0
                FastConvolution.parallelGEMM(
                    transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                    a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &c, ldc: n)
                results.append(c)
            }
            #expect(bitPattern(results[0]) == bitPattern(results[1]), "beta \(beta): 1 and 2 threads differ")
            var failures = 0
            for i in 0..<m {
                for j in 0..<n {
                    var exact = Double(beta) * Double(c0[i * n + j])
                    var magnitude = abs(exact)
                    for p in 0..<k {
                        let x = Double(transposeA ? a[p * lda + i] : a[i * lda + p])
                        let y = Double(transposeB ? b[j * ldb + p] : b[p * ldb + j])
                        exact += x * y
                        magnitude += abs(x * y)
                    }
                    if !(abs(Double(results[0][i * n + j]) - exact) <= 1e-5 * magnitude / Double(k).squareRoot()) {
                        failures += 1
                    }
                }
            }
            #expect(failures == 0, "beta \(beta): \(failures) elements out of tolerance")
        }
    }

    /// A shape on which OpenBLAS' own two threads do not reproduce its one-threaded result: ours must.
    @Test("parallelGEMM is bit-identical for 1 and 2 threads on an odd shape")
    func parallelGEMMOddShape() {
        let original = ComputeThreads.count
        defer { ComputeThreads.setCount(original) }
        let (m, n, k) = (1000, 77, 333)
        let a = seededValues(count: m * k, seed: 31)
        let b = seededValues(count: k * n, seed: 32)
        var results: [[Float]] = []
        for threads in [1, 2] {
            ComputeThreads.setCount(threads)
            var c = [Float](repeating: 0, count: m * n)
            FastConvolution.parallelGEMM(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, beta: 0, c: &c, ldc: n)
            results.append(c)
        }
        #expect(bitPattern(results[0]) == bitPattern(results[1]))
    }

    private func bitPattern(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }
}
