import Models
import SeededRandom
import Tensor
import Testing

/// HGN training does not depend on the number of compute threads (``ComputeThreads``), bit for bit.
@Suite("HGN training is bitwise identical for any thread count", .serialized)
struct ThreadCountDeterminismTests {
    /// A small HGN wide enough (16 channels) for the Winograd, stacked-taps and im2col kernels, on 16x16 frames.
    static var configuration: HGNConfiguration {
        var configuration = HGNConfiguration.tiny(seed: 5)
        configuration.encoderFilters = [16, 16, 16]
        configuration.latentChannels = 8
        configuration.transformerFilters = [16]
        configuration.stateChannels = 4
        configuration.decoderFilters = 16
        return configuration
    }

    /// Parameters after two training steps (loss, double backward through leapfrog, Adam) with `threads` threads.
    static func trainedParameters(threads: Int) throws -> [String: [UInt32]] {
        ComputeThreads.setCount(threads)
        let model = try HamiltonianGenerativeNetwork(configuration: configuration)
        let adam = Adam(parameters: model.parameters, learningRate: 1e-3)
        var generator = SeededGenerator(seed: 8)
        let frames = Tensor.randomUniform(shape: [3, 6, 16, 16, 3], using: &generator)
        for _ in 0..<2 {
            let terms = try model.lossTerms(on: frames, reconstruction: .frameMeanSquaredError, using: &generator)
            let loss = terms.reconstruction + (terms.klDivergence ?? Tensor(0)) * 1e-3
            adam.update(with: gradients(of: loss, wrt: model.parameters.values))
        }
        return model.parameters.bitPatterns
    }

    @Test("two training steps with 1 and 2 threads give the same parameters")
    func trainingStep() throws {
        let original = ComputeThreads.count
        defer { ComputeThreads.setCount(original) }
        let one = try Self.trainedParameters(threads: 1)
        let two = try Self.trainedParameters(threads: 2)
        #expect(one.keys.sorted() == two.keys.sorted())
        let differing = one.keys.filter { one[$0] != two[$0] }.sorted()
        #expect(differing.isEmpty, "parameters that differ: \(differing)")
    }
}
