import Testing
@testable import Tensor

@Suite("Results do not depend on the number of threads", .serialized)
struct DeterminismTests {
    @Test("Conv-shaped and square matrix products are bitwise identical with 1 and 2 BLAS threads",
          arguments: [(1024, 288, 64), (256, 256, 256), (37, 513, 3)])
    func matrixProducts(_ sizes: (Int, Int, Int)) {
        let (m, k, n) = sizes
        var generator = SeededRandomGenerator(seed: UInt64(m * k + n))
        let a = Tensor.randomNormal(shape: [m, k], using: &generator)
        let b = Tensor.randomNormal(shape: [k, n], using: &generator)
        let g = Tensor.randomNormal(shape: [m, n], using: &generator)
        let previous = BLAS.threadCount
        defer { BLAS.threadCount = previous }
        var results: [[Float]] = []
        for threads in [1, 2] {
            BLAS.threadCount = threads
            results.append(a.matmul(b).scalars(as: Float.self) + a.matmul(g, transposeSelf: true).scalars(as: Float.self)
                           + g.matmul(b, transposeOther: true).scalars(as: Float.self))
        }
        #expect(results[0] == results[1])
    }

    @Test("Training is bitwise identical with 1 and 2 BLAS threads")
    func deterministicAcrossThreadCounts() {
        let data = HamiltonianNeuralNetworkTests.massSpringData(count: 64, seed: 4)
        let previous = BLAS.threadCount
        defer { BLAS.threadCount = previous }
        var results: [[Float]] = []
        for threads in [1, 2] {
            BLAS.threadCount = threads
            let model = HamiltonianNeuralNetworkTests.Model(seed: 5, hidden: 64)
            _ = HamiltonianNeuralNetworkTests.train(model, steps: 5, data: data)
            results.append(model.parameters.values.flatMap { $0.scalars(as: Float.self) })
        }
        #expect(results[0] == results[1])
    }
}
