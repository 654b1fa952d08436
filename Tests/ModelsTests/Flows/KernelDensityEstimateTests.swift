import Foundation
import SeededRandom
import Tensor
import Testing

@testable import Models

/// The KDE baseline: normalised, the leave-one-out score is what it says, and cross-validation picks a sensible h.
@Suite("Kernel density estimate")
struct KernelDensityEstimateTests {
    static func gaussianPoints(_ n: Int) -> [Double] {
        var generator = SeededGenerator(seed: 3)
        return Tensor.randomNormal(shape: [n, 2], dtype: .float64, using: &generator).scalars(as: Double.self)
    }

    @Test(
        "on N(0, I) data the cross-validated bandwidth is near Silverman's rule n^(-1/6) and the density integrates to 1"
    )
    func bandwidthAndNormalisation() throws {
        let points = Self.gaussianPoints(400)
        let kde = try KernelDensityEstimate(points: points)
        let silverman = pow(400.0, -1.0 / 6)
        #expect(
            kde.bandwidth > silverman / 2 && kde.bandwidth < silverman * 2,
            "h = \(kde.bandwidth), Silverman \(silverman)")
        let grid = (0..<120).map { -6 + 12 * (Double($0) + 0.5) / 120 }
        var queries: [Double] = []
        for a in grid { for b in grid { queries += [a, b] } }
        let mass = kde.logDensity(at: queries).reduce(0) { $0 + exp($1) } * 0.1 * 0.1
        #expect(abs(mass - 1) < 1e-3, "mass \(mass)")
    }

    @Test("the leave-one-out score equals its definition on three points")
    func leaveOneOut() {
        let points = [0.0, 0.0, 1.0, 0.0, 0.0, 2.0]
        let h = 0.7
        func kernel(_ a: Int, _ b: Int) -> Double {
            let dx = points[2 * a] - points[2 * b], dy = points[2 * a + 1] - points[2 * b + 1]
            return exp(-(dx * dx + dy * dy) / (2 * h * h)) / (2 * Double.pi * h * h)
        }
        var expected = 0.0
        for j in 0..<3 {
            var sum = 0.0
            for i in 0..<3 where i != j { sum += kernel(j, i) }
            expected += log(sum / 2) / 3
        }
        let score = KernelDensityEstimate.leaveOneOutScore(points: points, held: [0, 1, 2], bandwidth: h)
        #expect(abs(score - expected) < 1e-12)
    }

    @Test("rotation invariance error: 0 for an isotropic Gaussian, positive for a shifted one")
    func invarianceError() {
        let points = [1.0, 0.5, -0.3, 2.0]
        func gaussian(centre: Double) -> ([Double]) -> [Double] {
            { q in
                var values: [Double] = []
                for i in stride(from: 0, to: q.count, by: 2) {
                    let dx: Double = q[i] - centre, dy: Double = q[i + 1]
                    values.append(-(dx * dx + dy * dy) / 2)
                }
                return values
            }
        }
        let isotropic = RotationInvariance.error(of: gaussian(centre: 0), at: points)
        let shifted = RotationInvariance.error(of: gaussian(centre: 1), at: points)
        #expect(isotropic < 1e-12 && shifted > 0.1)
    }
}
