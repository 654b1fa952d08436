import Foundation
import SeededRandom
import Tensor
import Testing

@testable import Models

/// The ELBO and the importance-weighted estimates against closed forms and exact quadrature; each test names the
/// error of public NHF code it would catch.
@Suite("Evidence bounds")
struct EvidenceBoundTests {
    static let mean = [0.4, -0.3], logVariance = [-0.6, 0.5]

    /// The identity flow (no harmonic base, zero last layers) with the constant encoder N(mean, diag(e^logVariance)).
    static func identityFlow() throws -> NeuralHamiltonianFlow {
        let flow = try NeuralHamiltonianFlow(configuration: smallConfiguration(harmonicBase: false))
        randomise(flow)
        makeIdentityFlow(flow)
        makeConstantEncoder(flow, mean: mean, logVariance: logVariance)
        return flow
    }

    @Test(
        "identity flow: every log weight equals log N(q) + log N(p) − log f(p | q) exactly (catches a prior on q0 only, and −Σ log var in log f)"
    )
    func logWeightsClosedForm() throws {
        let flow = try Self.identityFlow()
        let q = [0.5, -1.0, 2.0, 0.3, -1.5, -0.2], noise = [0.1, 1.3, -0.7, 0.4, 2.0, -1.1]
        let weights = flow.logWeights(q: tensor64(q, [3, 2]), noise: tensor64(noise, [3, 2])).scalars(as: Double.self)
        for i in 0..<3 {
            let qi = [q[2 * i], q[2 * i + 1]]
            let p = (0..<2).map { Self.mean[$0] + exp(0.5 * Self.logVariance[$0]) * noise[2 * i + $0] }
            let expected = logNormal(qi) + logNormal(p) - logNormal(p, mean: Self.mean, logVariance: Self.logVariance)
            #expect(abs(weights[i] - expected) < 1e-12, "row \(i): \(weights[i]) vs \(expected)")
            // The errors of public code give other numbers.
            let priorOnQ0Only = logNormal(qi) - logNormal(p, mean: Self.mean, logVariance: Self.logVariance)
            let wrongLogVariance = expected + 0.5 * Self.logVariance.reduce(0, +)
            #expect(abs(weights[i] - priorOnQ0Only) > 0.1 && abs(weights[i] - wrongLogVariance) > 0.01)
        }
    }

    @Test("identity flow on Gaussian data: the ELBO's Monte Carlo mean matches log N(q; 0, I) − KL(f ‖ N(0, I))")
    func elboClosedForm() throws {
        let flow = try Self.identityFlow()
        let q = [0.7, -0.2]
        let draws = 20_000
        var generator = SeededGenerator(seed: 4)
        let noise = Tensor.randomNormal(shape: [draws, 2], dtype: .float64, using: &generator)
        let tiled = tensor64(Array((0..<draws).map { _ in q }.joined()), [draws, 2])
        let weights = flow.logWeights(q: tiled, noise: noise).scalars(as: Double.self)
        let average = weights.reduce(0, +) / Double(draws)
        let spread = (weights.map { ($0 - average) * ($0 - average) }.reduce(0, +) / Double(draws - 1)).squareRoot()
        var kl = 0.0
        for i in 0..<2 {
            let m: Double = Self.mean[i], s: Double = Self.logVariance[i]
            kl += 0.5 * (exp(s) + m * m - 1 - s)
        }
        let closedForm = logNormal(q) - kl
        #expect(abs(average - closedForm) < 4 * spread / Double(draws).squareRoot(), "\(average) vs \(closedForm)")
        // The training loss is −ELBO (descending on +ELBO, the wrong sign, would maximise the gap instead).
        let objective = try HamiltonianFlowObjective()
        let terms = objective.evaluate(flow, q: tiled, noise: noise, createGraph: false)
        #expect(abs(terms.loss.scalarValue + average) < 1e-12 && abs(terms.elbo - average) < 1e-12)
    }

    @Test("importance weighting tightens the bound with S and stays below log p(q); the max over ELBOs is not a bound")
    func importanceWeightingTightens() throws {
        let flow = try Self.identityFlow()
        var generator = SeededGenerator(seed: 8)
        var q: [Double] = []
        var exact = 0.0
        for i in 0..<200 {
            let point = [sin(Double(i)) * 1.5, cos(2 * Double(i))]
            q += point
            exact += logNormal(point) / 200
        }
        var means: [Int: Double] = [:]
        for samples in [1, 16, 128] {
            means[samples] = flow.logDensityEstimates(q, samples: samples, using: &generator).reduce(0, +) / 200
        }
        let (m1, m16, m128) = (means[1] ?? 0, means[16] ?? 0, means[128] ?? 0)
        #expect(m1 < m16 && m16 < m128, "\(m1), \(m16), \(m128)")
        #expect(m128 <= exact + 0.01 && exact - m128 < 0.02, "IW128 \(m128) vs exact \(exact)")
        #expect(exact - m1 > 0.2, "the encoder is deliberately off, so the ELBO is loose")
        // "Evaluation" by the largest of 128 sampled log weights overshoots log p(q).
        let noise = Tensor.randomNormal(shape: [128 * 200, 2], dtype: .float64, using: &generator)
        var tiled: [Double] = []
        for _ in 0..<128 { tiled += q }
        let weights = flow.logWeights(q: tensor64(tiled, [128 * 200, 2]), noise: noise).scalars(as: Double.self)
        let maxima = (0..<200).map { i in (0..<128).map { weights[$0 * 200 + i] }.max() ?? 0 }
        #expect(maxima.reduce(0, +) / 200 > exact + 0.1)
    }

    @Test("a non-trivial flow: IW estimates approach log p(q) = log ∫ π(Φ⁻¹(q, p)) dp computed by quadrature over p")
    func importanceWeightingApproachesQuadrature() throws {
        let flow = try NeuralHamiltonianFlow(configuration: smallConfiguration(flows: 1, steps: 2, width: 6))
        randomise(flow, scale: 0.4)
        let q = [0.6, -0.9]
        // Trapezoid rule on a 161 x 161 grid over [−8, 8]²: the integrand is smooth and negligible at the border.
        let grid = (0...160).map { -8 + 16 * Double($0) / 160 }
        var rows: [Double] = []
        for a in grid { for b in grid { rows += q + [a, b] } }
        let batch = tensor64(rows, [grid.count * grid.count, 4]).split(sizes: [2, 2], alongAxis: 1)
        let joint = flow.logJointDensity(q: batch[0], p: batch[1]).scalars(as: Double.self)
        let cell = 0.1 * 0.1
        var border = -Double.infinity
        for (i, value) in joint.enumerated() where i / 161 == 0 || i / 161 == 160 || i % 161 == 0 || i % 161 == 160 {
            border = max(border, value)
        }
        #expect(border < (joint.max() ?? 0) - 20, "the density must vanish at the grid's border")
        let exact = log(joint.reduce(0.0) { $0 + exp($1) } * cell)
        var generator = SeededGenerator(seed: 12)
        let repeats = 200
        let tiledQ = Array((0..<repeats).map { _ in q }.joined())
        let iw1 = flow.logDensityEstimates(tiledQ, samples: 1, using: &generator).reduce(0, +) / Double(repeats)
        let iw16 = flow.logDensityEstimates(tiledQ, samples: 16, using: &generator).reduce(0, +) / Double(repeats)
        let iw128 = flow.logDensityEstimates(tiledQ, samples: 128, using: &generator).reduce(0, +) / Double(repeats)
        // Measured: ELBO −3.40, IW16 ≈ −2.6, IW128 −2.45, quadrature −2.35 (the random encoder is a poor proposal).
        #expect(
            iw1 < iw16 && iw16 < iw128 && iw128 <= exact + 0.01,
            "ELBO \(iw1), IW16 \(iw16), IW128 \(iw128), exact \(exact)")
        #expect(
            exact - iw128 < 0.15 * (exact - iw1),
            "the remaining gap must shrink: IW128 \(iw128), ELBO \(iw1), exact \(exact)")
    }
}
