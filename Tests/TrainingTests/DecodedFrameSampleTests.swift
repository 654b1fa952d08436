import Foundation
import Models
import SeededRandom
import Tensor
import Testing
import Training

/// Decoding a random subset of frames per training sequence: uniform draws, and a loss whose mean over draws is the
/// loss over every frame.
@Suite("Decoded frame samples")
struct DecodedFrameSampleTests {
    @Test("every later frame is drawn with probability (m − 1) / n, offsets distinct and increasing")
    func uniformDraws() {
        var generator = SeededGenerator(seed: 5)
        let n = 10, m = 4, draws = 6_000
        var counts = [Int](repeating: 0, count: n + 1)
        for _ in 0..<draws {
            let sample = DecodedFrameSample(predictedFrames: n, decodedFrames: m, using: &generator)
            #expect(sample.offsets.count == m - 1 && sample.offsets == sample.offsets.sorted())
            #expect(Set(sample.offsets).count == m - 1 && sample.offsets.allSatisfy { (1...n).contains($0) })
            for offset in sample.offsets { counts[offset] += 1 }
            #expect(sample.laterFrameWeight == Double(n) / Double(m - 1))
        }
        // Expected count 1,800 per frame, binomial standard deviation sqrt(6000 · 0.3 · 0.7) ≈ 35.5: allow 5 sigma.
        let expected = Double(draws * (m - 1)) / Double(n)
        for offset in 1...n {
            #expect(abs(Double(counts[offset]) - expected) < 5 * 35.5, "frame \(offset): \(counts[offset])")
        }
        let all = DecodedFrameSample(predictedFrames: n, decodedFrames: nil, using: &generator)
        let more = DecodedFrameSample(predictedFrames: n, decodedFrames: n + 5, using: &generator)
        #expect(all.offsets == Array(1...n) && all.isComplete && all.laterFrameWeight == 1 && more == all)
    }

    @Test(
        "on a fixed batch, the mean loss over many draws equals the loss over every frame",
        arguments: [ReconstructionLoss.frameMeanSquaredError, .summedSquaredError])
    func unbiased(reconstruction: ReconstructionLoss) throws {
        let model = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny(variational: false))
        var generator = SeededGenerator(seed: 9)
        let frames = Tensor.randomUniform(shape: [2, 9, 16, 16, 3], using: &generator)  // K = 3: anchor + 6 later
        let full = try model.lossTerms(on: frames, reconstruction: reconstruction, using: &generator)
        let draws = 400
        var losses: [Double] = [], errors: [Double] = []
        for _ in 0..<draws {
            let terms = try model.lossTerms(
                on: frames, reconstruction: reconstruction, decodedFrames: 3, using: &generator)
            losses.append(terms.reconstruction.scalarValue)
            errors.append(terms.pixelMeanSquaredError.scalarValue)
            #expect(terms.predictedValuesPerSample == full.predictedValuesPerSample)
        }
        for (name, values, target) in [
            ("reconstruction", losses, full.reconstruction.scalarValue),
            ("pixel MSE", errors, full.pixelMeanSquaredError.scalarValue),
        ] {
            let mean = values.reduce(0, +) / Double(draws)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws - 1)
            let standardError = (variance / Double(draws)).squareRoot()
            // Tolerance: 4 standard errors of the mean of the draws (plus float rounding); the spread is real.
            #expect(variance > 0, "\(name): the draws differ")
            #expect(
                abs(mean - target) <= 4 * standardError + 1e-6 * abs(target),
                "\(name): mean of draws \(mean) vs full \(target) (standard error \(standardError))")
        }
        // Decoding every frame is the full loss, bit for bit.
        let every = try model.lossTerms(on: frames, reconstruction: reconstruction, decodedFrames: 7, using: &generator)
        #expect(every.reconstruction.scalarValue.bitPattern == full.reconstruction.scalarValue.bitPattern)
    }

    @Test("decodedFramesPerSequence below 2 is refused, and the JSON key is read")
    func configuration() throws {
        var configuration = TrainingConfiguration(steps: 1)
        configuration.decodedFramesPerSequence = 1
        #expect(throws: TrainingError.self) { try configuration.validate() }
        let decoded = try JSONDecoder().decode(
            TrainingConfiguration.self,
            from: Data(#"{"steps": 3, "decodedFramesPerSequence": 6}"#.utf8))
        #expect(decoded.decodedFramesPerSequence == 6)
        try decoded.validate()
    }
}
