import Models
import SeededRandom
import Tensor
import Testing

/// Sizes and shapes of HGN and PixelHNN at the reference configuration and in their variants.
@Suite("Architectures")
struct ArchitectureTests {
    @Test("HGN's parameter counts at the reference sizes, beside the public replication's")
    func referenceParameterCounts() throws {
        let model = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration())
        let counts = Dictionary(uniqueKeysWithValues: model.parameterCountsByPart.map { ($0.part, $0.count) })
        // Replication: encoder 262,880; transformer 83,104; Hamiltonian 50,657; decoder 196,739; total 593,380.
        #expect(counts["encoder"] == 262_880)
        #expect(counts["transformer"] == 83_104)
        #expect(counts["hamiltonian"] == 50_657)
        // Ours: a first 3x3 conv 16 -> 64 (9,280) and three 64-channel blocks of two 3x3 convs (3 x 73,856) and the
        // RGB conv (1,731); the replication's first block maps 16 -> 64 with a 1x1 skip projection (47,296).
        #expect(counts["decoder"] == 232_579)
        #expect(counts["decoder"]! - 196_739 == 9_280 + 73_856 - 47_296)
        #expect(model.parameters.scalarCount == 629_220)
    }

    @Test("variants change only what they should")
    func variantParameterCounts() throws {
        var deterministic = HGNConfiguration()
        deterministic.isVariational = false
        let point = try HamiltonianGenerativeNetwork(configuration: deterministic)
        // The output convolution gives only the mean: 64·9·48 + 48 fewer parameters.
        #expect(point.parameters.scalarCount(withPrefix: "encoder.") == 262_880 - 27_696)
        var noTransformer = HGNConfiguration()
        noTransformer.usesTransformer = false
        let direct = try HamiltonianGenerativeNetwork(configuration: noTransformer)
        #expect(direct.parameters.scalarCount(withPrefix: "transformer.") == 0)
        // The encoder's output convolution gives mean and log-variance of s (2 x 32 channels) instead of z.
        #expect(direct.parameters.scalarCount(withPrefix: "encoder.") == 262_880 - 27_696 * 2 + (64 * 9 * 64 + 64))
    }

    @Test("shapes through the network, for every variant", arguments: [(true, true), (true, false), (false, true)])
    func shapes(transformer: Bool, variational: Bool) throws {
        let configuration = HGNConfiguration.tiny(transformer: transformer, variational: variational)
        let model = try HamiltonianGenerativeNetwork(configuration: configuration)
        var generator = SeededGenerator(seed: 5)
        let frames = Tensor.randomUniform(shape: [2, 3, 16, 16, 3], using: &generator)
        let posterior = model.posterior(of: frames)
        #expect((posterior.logVariance != nil) == variational)
        #expect(posterior.mean.shape == (transformer ? [2, 16, 16, 4] : [2, 4, 4, 4]))
        let state = model.initialState(from: posterior.sample(using: &generator))
        #expect(state.q.shape == [2, 4, 4, 2] && state.p.shape == [2, 4, 4, 2])
        #expect(model.hamiltonian.energies(q: state.q, p: state.p).shape == [2])
        let rollout = try withoutGradientRecording { try model.rollout(from: frames, steps: 4, direction: .forward) }
        #expect(rollout.frames.shape == [2, 5, 16, 16, 3])
        #expect(rollout.energies?.shape == [2, 5])
        let pixels = rollout.frames.scalars(as: Float.self)
        #expect(pixels.allSatisfy { $0 > 0 && $0 < 1 }, "the decoder ends in a sigmoid")
    }

    @Test("decoding a whole rollout in one call equals decoding each state alone")
    func batchedDecoding() throws {
        let model = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny())
        var generator = SeededGenerator(seed: 9)
        let states = (0..<3).map { _ in
            PhaseState(
                q: Tensor.randomNormal(shape: [2, 4, 4, 2], using: &generator),
                p: Tensor.randomNormal(shape: [2, 4, 4, 2], using: &generator))
        }
        let together = withoutGradientRecording { model.decode(states) }
        for (index, state) in states.enumerated() {
            let alone = withoutGradientRecording { model.decode([state]) }
            let slice = together.slice(alongAxis: 1, range: index..<index + 1)
            let difference = zip(alone.scalars(as: Float.self), slice.scalars(as: Float.self)).map { abs($0 - $1) }
                .max()
            #expect((difference ?? 1) < 1e-6)
        }
    }

    @Test("inconsistent configurations are refused with the field named")
    func invalidConfigurations() {
        var badResolution = HGNConfiguration()
        badResolution.resolution = 16
        do {
            _ = try HamiltonianGenerativeNetwork(configuration: badResolution)
        } catch {
            #expect("\(error)".contains("'resolution'") && "\(error)".contains("at least 32"), "\(error)")
        }
        var notMultiple = HGNConfiguration()
        notMultiple.resolution = 36
        #expect(throws: ModelsError.self) { try HamiltonianGenerativeNetwork(configuration: notMultiple) }
        var fewerReductions = HGNConfiguration()
        fewerReductions.resolution = 16
        fewerReductions.transformerFilters = [64]  // two reductions: 16x16 frames, 4x4 maps
        #expect(throws: Never.self) { try HamiltonianGenerativeNetwork(configuration: fewerReductions) }
        var badStep = HGNConfiguration()
        badStep.timeStep = -1
        #expect(throws: ModelsError.self) { try HamiltonianGenerativeNetwork(configuration: badStep) }
        var badPixel = PixelHNNConfiguration()
        badPixel.coordinates = 0
        #expect(throws: ModelsError.self) { try PixelHNN(configuration: badPixel) }
    }

    @Test("the posterior log-variance shift adds its constant to the log-variance, and nothing else changes")
    func logVarianceShift() throws {
        var shifted = HGNConfiguration.tiny()
        shifted.posteriorLogVarianceShift = -10
        let plain = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny())
        let narrow = try HamiltonianGenerativeNetwork(configuration: shifted)
        #expect(plain.parameters.bitPatterns == narrow.parameters.bitPatterns, "same weights")
        var generator = SeededGenerator(seed: 4)
        let frames = Tensor.randomUniform(shape: [2, 3, 16, 16, 3], using: &generator)
        let (a, b) = (plain.posterior(of: frames), narrow.posterior(of: frames))
        #expect(a.mean.scalars(as: Float.self) == b.mean.scalars(as: Float.self))
        let difference = try #require(b.logVariance) - #require(a.logVariance)
        #expect(difference.scalars(as: Float.self).allSatisfy { abs($0 + 10) < 1e-5 })
        shifted.posteriorLogVarianceShift = .infinity
        #expect(throws: ModelsError.self) { try HamiltonianGenerativeNetwork(configuration: shifted) }
    }

    @Test("rollouts from a seeded posterior sample are reproducible and differ from the posterior mean's")
    func rolloutSampleSeed() throws {
        let model = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny())
        var generator = SeededGenerator(seed: 6)
        let frames = Tensor.randomUniform(shape: [2, 3, 16, 16, 3], using: &generator)
        func anchor() throws -> [Float] {
            try withoutGradientRecording { try model.rollout(from: frames, steps: 2, direction: .forward) }
                .frames.scalars(as: Float.self)
        }
        let mean = try anchor()
        model.rolloutSampleSeed = 1
        let first = try anchor(), second = try anchor()
        #expect(first == second && first != mean)
        model.rolloutSampleSeed = nil
        #expect(try anchor() == mean)
    }

    @Test("inputs of the wrong shape give a shape error, not a crash")
    func shapeMismatch() throws {
        let model = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny())
        var generator = SeededGenerator(seed: 1)
        let large = Tensor(zeros: [2, 6, 32, 32, 3])
        do {
            _ = try model.lossTerms(on: large, reconstruction: .frameMeanSquaredError, using: &generator)
            Issue.record("32x32 frames were accepted by a 16x16 model")
        } catch {
            #expect("\(error)".contains("[2, 6, 32, 32, 3]") && "\(error)".contains("16, 16, 3]"), "\(error)")
        }
        let short = Tensor(zeros: [2, 3, 16, 16, 3])  // 3 input frames, nothing to predict
        #expect(throws: ModelsError.self) {
            try model.lossTerms(on: short, reconstruction: .frameMeanSquaredError, using: &generator)
        }
        let pixel = try PixelHNN(configuration: PixelHNNConfiguration.tiny())
        #expect(throws: ModelsError.self) {
            try withoutGradientRecording {
                try pixel.rollout(from: Tensor(zeros: [1, 1, 16, 16, 3]), steps: 2, direction: .forward)
            }
        }
    }

    @Test("PixelHNN: shapes and its three loss terms")
    func pixelHNN() throws {
        let model = try PixelHNN(configuration: PixelHNNConfiguration.tiny())
        var generator = SeededGenerator(seed: 2)
        let frames = Tensor.randomUniform(shape: [2, 5, 16, 16, 3], using: &generator)
        let terms = try model.lossTerms(on: frames, reconstruction: .frameMeanSquaredError, using: &generator)
        #expect(terms.klDivergence == nil)
        #expect(terms.auxiliary.map(\.name) == ["canonical", "hnn"])
        #expect(terms.reconstruction.scalarValue > 0)
        let rollout = try withoutGradientRecording { try model.rollout(from: frames, steps: 3, direction: .backward) }
        #expect(rollout.frames.shape == [2, 4, 16, 16, 3])
        #expect(rollout.energies?.shape == [2, 4])
    }
}
