import Foundation
import Models
import SeededRandom
import Tensor
import Testing
import Training

/// PixelHNN as the HNN paper's pixel experiment defines it: shapes, the parameter count formula, orthogonal weights,
/// the gradient of its loss against finite differences, and training down on a tiny synthetic clip with the paper's
/// optimiser.
@Suite("PixelHNN")
struct PixelHNNTests {
    @Test("shapes: the latent, both decoded frames with a linear output, rollouts forward and backward")
    func shapes() throws {
        var configuration = PixelHNNConfiguration.tiny()
        configuration.coordinates = 2
        let model = try PixelHNN(configuration: configuration)
        var generator = SeededGenerator(seed: 2)
        let frames = Tensor.randomUniform(shape: [3, 5, 16, 16, 3], using: &generator)
        let z = model.encode(frames.slice(alongAxis: 1, range: 0..<2))
        #expect(z.shape == [3, 4])
        let decoded = model.decode(z)
        #expect(decoded.shape == [3, 2, 16, 16, 3])
        // A linear output is not confined to (0, 1) as a sigmoid's would be.
        let far = model.decode(Tensor(repeating: 50, shape: [1, 4])).scalars(as: Float.self)
        #expect(far.contains { $0 < 0 || $0 > 1 }, "the decoder's output must be linear")
        for direction in TimeDirection.allCases {
            let rollout = try withoutGradientRecording {
                try model.rollout(from: frames, steps: 4, direction: direction)
            }
            #expect(rollout.frames.shape == [3, 5, 16, 16, 3] && rollout.energies?.shape == [3, 5])
        }
    }

    @Test(
        "the parameter count follows the formula; the reference model has 2,666,746 numbers (2,586,347 before)",
        arguments: [0, 1, 2, 3])
    func parameterCount(residualLayers: Int) throws {
        var configuration = PixelHNNConfiguration.tiny()
        configuration.residualLayers = residualLayers
        configuration.coordinates = 3
        let model = try PixelHNN(configuration: configuration)
        #expect(model.parameters.scalarCount == configuration.parameterCount)
        // P = 1,536 pixels, h = 16, L = 6, g = 8.
        let residual: Int = residualLayers * 17 * 16
        let encoder: Int = 1537 * 16 + residual + 17 * 6
        let decoder: Int = 7 * 16 + residual + 17 * 1536
        let hamiltonian: Int = 7 * 8 + 9 * 8 + 8
        let expected = encoder + decoder + hamiltonian
        #expect(configuration.parameterCount == expected)
        let reference = PixelHNNConfiguration()
        #expect(reference.parameterCount == 1_309_802 + 1_315_944 + 41_000)
        #expect(reference.residualLayers == 2)
    }

    @Test("every weight is orthogonal (columns or rows orthonormal); every bias lies within ±1/√in")
    func orthogonalInitialisation() throws {
        let model = try PixelHNN(configuration: PixelHNNConfiguration.tiny())
        var weights = 0
        for parameter in model.parameters.parameters {
            let values = parameter.value.scalars(as: Double.self), shape = parameter.value.shape
            if parameter.name.hasSuffix(".weight") {
                weights += 1
                let (rows, columns) = (shape[0], shape[1]), columnsOrthonormal = rows >= columns
                let error = OrthogonalityCheck.error(
                    values, rows: rows, columns: columns, ofColumns: columnsOrthonormal)
                #expect(error < 1e-5, "\(parameter.name) \(shape): max deviation from I \(error)")
            } else {
                let fanIn =
                    model.parameters.parameters.first {
                        $0.name
                            == parameter.name.replacingOccurrences(
                                of: ".bias", with: ".weight")
                    }?.value.shape[0] ?? 1
                let limit = 1 / Double(fanIn).squareRoot()
                #expect(values.allSatisfy { abs($0) <= limit }, "\(parameter.name) outside ±\(limit)")
                #expect(values.contains { $0 != 0 }, "\(parameter.name) is drawn, not zero")
            }
        }
        // Encoder and decoder: input, two residual, output; the HNN: two hidden layers and its bias-free output.
        #expect(weights == 4 + 4 + 3)
        #expect(model.parameters["hamiltonian.output.bias"] == nil)
    }

    @Test(
        "the gradient of the loss (autoencoder + canonical + 0.1 HNN, second order through the field) matches central finite differences along random directions of each part"
    )
    func lossGradient() throws {
        let model = try PixelHNN(configuration: PixelHNNConfiguration.tiny(seed: 5))
        var generator = SeededGenerator(seed: 8)
        let frames = Tensor.randomUniform(shape: [2, 4, 16, 16, 3], using: &generator)
        func loss() throws -> Tensor {
            var unused = SeededGenerator(seed: 1)
            let terms = try model.lossTerms(on: frames, reconstruction: .frameMeanSquaredError, using: &unused)
            return terms.auxiliary.reduce(terms.reconstruction) { $0 + $1.value }
        }
        let all = model.parameters.parameters
        let analytic = gradients(of: try loss(), wrt: all.map(\.value))
        for part in ["encoder.", "decoder.", "hamiltonian."] {
            let indices = all.indices.filter { all[$0].name.hasPrefix(part) }
            let originals = indices.map { all[$0].value }
            // A unit direction: the normalised gradient plus a normalised random direction (so that the slope is
            // of the gradient's size and the check also sees the components a random direction picks).
            let random = indices.map {
                Tensor.randomUniform(
                    shape: all[$0].value.shape, lowerBound: -1, upperBound: 1,
                    using: &generator)
            }
            func norm(_ tensors: [Tensor]) -> Double {
                tensors.reduce(0) { $0 + $1.squared().sum().scalarValue }.squareRoot()
            }
            let gradient = indices.map { analytic[$0] }
            let (gradientNorm, randomNorm) = (norm(gradient), norm(random))
            var directions = zip(gradient, random).map { $0 * (1 / gradientNorm) + $1 * (1 / randomNorm) }
            let scale = 1 / norm(directions)
            directions = directions.map { $0 * scale }
            var slope = 0.0
            for (k, index) in indices.enumerated() { slope += (analytic[index] * directions[k]).sum().scalarValue }
            func shifted(_ epsilon: Double) throws -> Double {
                for (k, index) in indices.enumerated() { all[index].assign(originals[k] + directions[k] * epsilon) }
                defer { for (k, index) in indices.enumerated() { all[index].assign(originals[k]) } }
                return try withoutGradientRecording { try loss() }.scalarValue
            }
            // Central differences with one Richardson step: truncation O(ε⁴), Float32 rounding of the loss (~1e-8) / ε;
            // ε small enough that few ReLUs change side (at ε = 1e-2 the encoder's difference is 7% off, at 2e-3 2e-5).
            func central(_ epsilon: Double) throws -> Double {
                (try shifted(epsilon) - shifted(-epsilon)) / (2 * epsilon)
            }
            let epsilon = 2e-3
            let numeric = (4 * (try central(epsilon / 2)) - (try central(epsilon))) / 3
            #expect(slope > 1e-3, "\(part): a direction with a measurable slope (\(slope))")
            #expect(abs(numeric - slope) < 0.01 * abs(slope), "\(part): analytic \(slope), numeric \(numeric)")
        }
    }

    /// A tiny synthetic clip: a bright square blob circling on a grey 16x16 frame, 12 phases per turn, as sequences of
    /// 3 frames starting at every phase.
    static func circlingBlob(sequences: Int) -> Tensor {
        let size = 16, frames = 3
        var values = [Float](repeating: 0.3, count: sequences * frames * size * size * 3)
        for s in 0..<sequences {
            for f in 0..<frames {
                let angle = 2 * Double.pi * Double(s + f) / 12
                let cx = 8 + 4 * cos(angle), cy = 8 + 4 * sin(angle)
                for y in 0..<size {
                    for x in 0..<size where abs(Double(x) + 0.5 - cx) < 2 && abs(Double(y) + 0.5 - cy) < 2 {
                        let offset = (((s * frames + f) * size + y) * size + x) * 3
                        values[offset] = 0.9
                        values[offset + 1] = 0.8
                    }
                }
            }
        }
        return Tensor(shape: [sequences, frames, size, size, 3], scalars: values)
    }

    @Test("with the paper's optimiser (Adam 1e-3, weight decay 1e-5) it trains down on a tiny synthetic clip")
    func trainsDown() throws {
        let model = try PixelHNN(configuration: PixelHNNConfiguration.tiny(seed: 2))
        let paper = PixelHNNConfiguration.paperTraining()
        #expect(
            paper.batchSize == 200 && paper.steps == 10_000 && paper.learningRate == 1e-3 && paper.weightDecay == 1e-5)
        #expect(paper.sequenceLength(atStep: 0, fullLength: 34) == 3, "one frame triple per sequence")
        let optimizer = Adam(
            parameters: model.parameters, learningRate: paper.learningRate,
            weightDecay: paper.weightDecay)
        let clip = Self.circlingBlob(sequences: 12)
        var generator = SeededGenerator(seed: 1)
        var totals: [Double] = [], reconstructions: [Double] = []
        for _ in 0..<150 {
            let terms = try model.lossTerms(on: clip, reconstruction: .frameMeanSquaredError, using: &generator)
            let loss = terms.auxiliary.reduce(terms.reconstruction) { $0 + $1.value }
            totals.append(loss.scalarValue)
            reconstructions.append(terms.reconstruction.scalarValue)
            optimizer.update(with: gradients(of: loss, wrt: model.parameters.values))
        }
        let finite = totals.allSatisfy { $0.isFinite }
        #expect(finite)
        let first = reconstructions.prefix(5).reduce(0, +) / 5, last = reconstructions.suffix(5).reduce(0, +) / 5
        #expect(last < 0.1 * first, "reconstruction \(first) -> \(last)")
        let firstTotal = totals.prefix(5).reduce(0, +), lastTotal = totals.suffix(5).reduce(0, +)
        #expect(lastTotal < 0.1 * firstTotal, "total \(totals.prefix(3)) -> \(totals.suffix(3))")
    }
}

/// The largest deviation of `Mᵀ M` (columns) or `M Mᵀ` (rows) from the identity, `M` row-major `rows x columns`.
enum OrthogonalityCheck {
    static func error(_ m: [Double], rows: Int, columns: Int, ofColumns: Bool) -> Double {
        let (count, length) = ofColumns ? (columns, rows) : (rows, columns)
        var worst = 0.0
        for a in 0..<count {
            for b in 0..<count {
                var dot = 0.0
                for i in 0..<length {
                    dot += ofColumns ? m[i * columns + a] * m[i * columns + b] : m[a * columns + i] * m[b * columns + i]
                }
                worst = max(worst, abs(dot - (a == b ? 1 : 0)))
            }
        }
        return worst
    }
}
