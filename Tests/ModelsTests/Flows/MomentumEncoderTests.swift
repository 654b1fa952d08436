import Foundation
import Tensor
import Testing

@testable import Models

/// The momentum encoders: normalised densities, and rotation equivariance by construction (measured).
@Suite("Momentum encoders")
struct MomentumEncoderTests {
    static func rotate(_ v: [Double], _ angle: Double) -> [Double] {
        let c = cos(angle), s = sin(angle)
        var result: [Double] = []
        for i in stride(from: 0, to: v.count, by: 2) {
            result.append(c * v[i] - s * v[i + 1])
            result.append(s * v[i] + c * v[i + 1])
        }
        return result
    }

    @Test(
        "each encoder's density integrates to 1 over p (quadrature on a grid)", arguments: MomentumEncoderKind.allCases)
    func normalised(kind: MomentumEncoderKind) throws {
        let flow = try NeuralHamiltonianFlow(configuration: smallConfiguration(encoder: kind))
        randomise(flow, scale: 0.3) { $0.hasPrefix("encoder.") }
        let grid = (0...200).map { -10 + 20 * Double($0) / 200 }
        var p: [Double] = []
        for a in grid { for b in grid { p += [a, b] } }
        let n = grid.count * grid.count
        let q = Array((0..<n).map { _ in [1.3, -0.4] }.joined())
        let log = flow.encoder.logDensity(p: tensor64(p, [n, 2]), given: tensor64(q, [n, 2])).scalars(as: Double.self)
        let mass = log.reduce(0) { $0 + exp($1) } * 0.1 * 0.1
        #expect(abs(mass - 1) < 1e-6, "\(kind): mass \(mass)")
    }

    @Test(
        "the rotation-equivariant encoder: f(Rp | Rq) = f(p | q) and sample(Rq, ε) = R sample(q, ε); the Gaussian one is not"
    )
    func equivariance() throws {
        let q = [1.3, -0.4, -0.2, 2.1, 0.05, 0.7], p = [0.5, 1.0, -1.2, 0.3, 2.0, -0.8],
            noise = [0.3, -1.0, 1.2, 0.4, -0.5, 0.9]
        for kind in MomentumEncoderKind.allCases {
            let flow = try NeuralHamiltonianFlow(configuration: smallConfiguration(encoder: kind))
            randomise(flow, scale: 0.5) { $0.hasPrefix("encoder.") }
            let base = flow.encoder.logDensity(p: tensor64(p, [3, 2]), given: tensor64(q, [3, 2])).scalars(
                as: Double.self)
            let baseSample = flow.encoder.sample(given: tensor64(q, [3, 2]), noise: tensor64(noise, [3, 2])).scalars(
                as: Double.self)
            var worst = 0.0, worstSample = 0.0
            for angle in [0.4, 1.9, -2.6] {
                let rotated = flow.encoder.logDensity(
                    p: tensor64(Self.rotate(p, angle), [3, 2]), given: tensor64(Self.rotate(q, angle), [3, 2])
                ).scalars(as: Double.self)
                worst = max(worst, maxDifference(base, rotated))
                let sample = flow.encoder.sample(
                    given: tensor64(Self.rotate(q, angle), [3, 2]), noise: tensor64(noise, [3, 2]))
                worstSample = max(
                    worstSample, maxDifference(sample.scalars(as: Double.self), Self.rotate(baseSample, angle)))
            }
            switch kind {
            case .rotationEquivariant:
                #expect(worst < 1e-12 && worstSample < 1e-12, "equivariant encoder: \(worst), \(worstSample)")
                // So its bracket with the rotation generator vanishes.
                let bracket = poissonBracket(
                    { q, p in flow.encoder.logDensity(p: p, given: q) }, SymmetryGenerator.rotation.function,
                    q: tensor64(q, [3, 2]), p: tensor64(p, [3, 2]), createGraph: false
                ).scalars(as: Double.self)
                #expect(bracket.allSatisfy { abs($0) < 1e-10 })
            case .gaussian:
                #expect(worst > 1e-3, "a random plain encoder is not equivariant (\(worst))")
            }
        }
    }
}
