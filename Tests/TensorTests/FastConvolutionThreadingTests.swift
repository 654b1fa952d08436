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

    @Test("setCount changes the count and keeps it positive")
    func setCount() {
        let original = ComputeThreads.count
        defer { ComputeThreads.setCount(original) }
        #expect(original >= 1)
        ComputeThreads.setCount(3)
        #expect(ComputeThreads.count == 3)
        ComputeThreads.setCount(1)
        #expect(ComputeThreads.count == 1)
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
    @Test("results do not depend on the thread count", arguments: [
        ConvolutionCase.make("im2col", n: 3, h: 32, w: 32, cin: 8, cout: 4, k: 3, pad: (1, 1, 1, 1)),
        ConvolutionCase.make("Winograd", n: 3, h: 31, w: 31, cin: 16, cout: 16, k: 3, pad: (1, 1, 1, 1)),
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

    private func bitPattern(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }
}
