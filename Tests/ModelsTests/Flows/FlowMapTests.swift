import Foundation
import SeededRandom
import Tensor
import Testing

@testable import Models

/// The flow map: exact invertibility, volume preservation, and the leapfrog's use of the learned kinetic energy.
@Suite("Hamiltonian flow map")
struct FlowMapTests {
    /// 64 states (q, p) drawn from N(0, 2² I).
    static func states(_ dtype: DType) -> (q: Tensor, p: Tensor) {
        var generator = SeededGenerator(seed: 21)
        let x = Tensor.randomNormal(shape: [64, 4], standardDeviation: 2, dtype: dtype, using: &generator)
        let parts = x.split(sizes: [2, 2], alongAxis: 1)
        return (parts[0], parts[1])
    }

    @Test(
        "forward then inverse returns the input: 1e-5 in float32, 1e-10 in float64",
        arguments: [DType.float32, .float64])
    func invertible(dtype: DType) throws {
        let flow = try NeuralHamiltonianFlow(configuration: smallConfiguration(dtype: dtype, flows: 3, steps: 3))
        randomise(flow)
        let (q, p) = Self.states(dtype)
        let forward = flow.forward(q: q, p: p)
        let back = flow.inverse(q: forward.q, p: forward.p)
        let input = q.scalars(as: Double.self) + p.scalars(as: Double.self)
        let moved = forward.q.scalars(as: Double.self) + forward.p.scalars(as: Double.self)
        let recovered = back.q.scalars(as: Double.self) + back.p.scalars(as: Double.self)
        #expect(maxDifference(input, moved) > 0.5, "the random flow should move points (else the test proves nothing)")
        let tolerance = dtype == .float32 ? 1e-5 : 1e-10
        // Relative to the size of the states (|x| up to ~8).
        let scale = max(1, input.map(abs).max() ?? 1)
        #expect(maxDifference(input, recovered) / scale < tolerance, "\(dtype): \(maxDifference(input, recovered))")
        // And the other way round.
        let inverse = flow.inverse(q: q, p: p)
        let again = flow.forward(q: inverse.q, p: inverse.p)
        #expect(
            maxDifference(input, again.q.scalars(as: Double.self) + again.p.scalars(as: Double.self)) / scale
                < tolerance)
    }

    @Test("the flow preserves volume: the Jacobian determinant of a random flow is 1 (central differences)")
    func volumePreserving() throws {
        let flow = try NeuralHamiltonianFlow(configuration: smallConfiguration(flows: 2, steps: 3))
        randomise(flow)
        let points: [[Double]] = [[0.3, -1.2, 0.8, 0.1], [2.0, 0.5, -1.0, 1.5], [-0.7, -0.4, 0.0, -2.2]]
        let h = 1e-5
        for x in points {
            // Column j of the Jacobian: (Φ(x + h e_j) − Φ(x − h e_j)) / 2h, all eight evaluations in one batch.
            var rows: [Double] = []
            for j in 0..<4 {
                for sign in [1.0, -1.0] {
                    var y = x
                    y[j] += sign * h
                    rows += y
                }
            }
            let batch = tensor64(rows, [8, 4]).split(sizes: [2, 2], alongAxis: 1)
            let image = flow.forward(q: batch[0], p: batch[1])
            let out = Tensor.concatenate([image.q, image.p], alongAxis: 1).scalars(as: Double.self)
            var jacobian = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
            for j in 0..<4 {
                for i in 0..<4 { jacobian[i][j] = (out[(2 * j) * 4 + i] - out[(2 * j + 1) * 4 + i]) / (2 * h) }
            }
            let det = determinant(jacobian)
            #expect(abs(det - 1) < 1e-6, "det J = \(det) at \(x)")
            // The map is far from the identity, so a determinant of 1 is not trivial.
            #expect(abs(jacobian[0][0] - 1) + abs(jacobian[0][2]) + abs(jacobian[2][0]) > 0.05)
        }
    }

    @Test("one leapfrog step uses the learned kinetic energy: q moves by h ∇K(p½), not by h p")
    func leapfrogUsesKineticGradient() {
        // K(p) = ‖p‖⁴ / 4 (∇K = ‖p‖² p), U(q) = 3 ‖q‖² / 2 (∇U = 3 q).
        let hamiltonian = AnalyticHamiltonian(
            kinetic: { p in 0.25 * p.squared().sum(alongAxes: [1]).squared() },
            potential: { q in 1.5 * q.squared().sum(alongAxes: [1]) })
        let q0 = [0.4, -0.3], p0 = [1.1, 0.7], h = 0.1
        let end = SeparableLeapfrog.integrate(
            hamiltonian, q: tensor64(q0, [1, 2]), p: tensor64(p0, [1, 2]), stepSize: h, steps: 1, createGraph: false)
        let pHalf = (0..<2).map { p0[$0] - h / 2 * 3 * q0[$0] }
        let speed = pHalf[0] * pHalf[0] + pHalf[1] * pHalf[1]
        let q1 = (0..<2).map { q0[$0] + h * speed * pHalf[$0] }
        let p1 = (0..<2).map { pHalf[$0] - h / 2 * 3 * q1[$0] }
        #expect(maxDifference(end.q.scalars(as: Double.self), q1) < 1e-14)
        #expect(maxDifference(end.p.scalars(as: Double.self), p1) < 1e-14)
        // A leapfrog that moved q by h p½ would land elsewhere.
        let wrong = (0..<2).map { q0[$0] + h * pHalf[$0] }
        #expect(maxDifference(end.q.scalars(as: Double.self), wrong) > 1e-3)
    }

    @Test("leapfrog is second order and conserves the oscillator's energy to O(h²) over long times")
    func leapfrogOrderAndEnergy() {
        let oscillator = AnalyticHamiltonian(
            kinetic: { p in 0.5 * p.squared().sum(alongAxes: [1]) },
            potential: { q in 0.5 * q.squared().sum(alongAxes: [1]) })
        // Error at t = 1 against the exact rotation, for h and h/2.
        func error(_ steps: Int) -> Double {
            let end = SeparableLeapfrog.integrate(
                oscillator, q: tensor64([1, 0], [1, 2]), p: tensor64([0, 1], [1, 2]), stepSize: 1 / Double(steps),
                steps: steps, createGraph: false)
            return maxDifference(end.q.scalars(as: Double.self), [cos(1.0), sin(1.0)])
        }
        let order = log2(error(20) / error(40))
        #expect(abs(order - 2) < 0.05, "measured order \(order)")
        let long = SeparableLeapfrog.integrate(
            oscillator, q: tensor64([1, 0], [1, 2]), p: tensor64([0, 0.5], [1, 2]), stepSize: 0.1, steps: 2_000,
            createGraph: false)
        let energy = 0.5 * (long.q.squared().sum().scalarValue + long.p.squared().sum().scalarValue)
        #expect(abs(energy - 0.625) < 0.01 * 0.625, "energy \(energy) after 2,000 steps")
    }

    @Test("a flow of rotation-invariant Hamiltonians commutes with rotations: Φ(Rq, Rp) = R Φ(q, p)")
    func invariantHamiltoniansCommuteWithRotations() {
        let radial = AnalyticHamiltonian(
            kinetic: { p in 0.5 * p.squared().sum(alongAxes: [1]) + 0.125 * p.squared().sum(alongAxes: [1]).squared() },
            potential: { q in (q.squared().sum(alongAxes: [1]) - 4).squared() * 0.25 })
        let q = [0.9, -0.4], p = [0.3, 1.2], angle = 0.7
        let rotate = { (v: [Double]) in [cos(angle) * v[0] - sin(angle) * v[1], sin(angle) * v[0] + cos(angle) * v[1]] }
        let a = SeparableLeapfrog.integrate(
            radial, q: tensor64(q, [1, 2]), p: tensor64(p, [1, 2]), stepSize: 0.1, steps: 10, createGraph: false)
        let b = SeparableLeapfrog.integrate(
            radial, q: tensor64(rotate(q), [1, 2]), p: tensor64(rotate(p), [1, 2]), stepSize: 0.1, steps: 10,
            createGraph: false)
        #expect(maxDifference(rotate(a.q.scalars(as: Double.self)), b.q.scalars(as: Double.self)) < 1e-12)
        #expect(maxDifference(rotate(a.p.scalars(as: Double.self)), b.p.scalars(as: Double.self)) < 1e-12)
    }
}

/// The determinant of a small square matrix by Gaussian elimination with partial pivoting.
func determinant(_ matrix: [[Double]]) -> Double {
    var a = matrix
    let n = a.count
    var det = 1.0
    for column in 0..<n {
        guard let pivot = (column..<n).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }), a[pivot][column] != 0
        else { return 0 }
        if pivot != column {
            a.swapAt(pivot, column)
            det = -det
        }
        det *= a[column][column]
        for row in (column + 1)..<n {
            let factor = a[row][column] / a[column][column]
            for k in column..<n { a[row][k] -= factor * a[column][k] }
        }
    }
    return det
}
