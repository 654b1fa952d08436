import Foundation
import Tensor
import Testing

@testable import Models

/// Poisson brackets by autodiff against known values.
@Suite("Poisson brackets")
struct PoissonBracketTests {
    static let q = tensor64([0.3, -1.1, 2.0, 0.4, -0.6, 0.9], [3, 2])
    static let p = tensor64([1.5, 0.2, -0.8, 1.0, 0.0, -2.5], [3, 2])

    static func column(_ x: Tensor, _ i: Int) -> Tensor {
        x.split(sizes: [1, 1], alongAxis: 1)[i].reshaped(to: [x.shape[0]])
    }

    @Test("canonical pairs: {q1, p1} = 1, {q1, p2} = 0, {q1, q2} = 0, {p1, p2} = 0, {p1, q1} = -1")
    func canonical() {
        let cases: [((Tensor, Tensor) -> Tensor, (Tensor, Tensor) -> Tensor, Double)] = [
            ({ q, _ in Self.column(q, 0) }, { _, p in Self.column(p, 0) }, 1),
            ({ q, _ in Self.column(q, 0) }, { _, p in Self.column(p, 1) }, 0),
            ({ q, _ in Self.column(q, 0) }, { q, _ in Self.column(q, 1) }, 0),
            ({ _, p in Self.column(p, 0) }, { _, p in Self.column(p, 1) }, 0),
            ({ _, p in Self.column(p, 0) }, { q, _ in Self.column(q, 0) }, -1),
        ]
        for (f, g, expected) in cases {
            let bracket = poissonBracket(f, g, q: Self.q, p: Self.p, createGraph: false).scalars(as: Double.self)
            #expect(bracket.allSatisfy { abs($0 - expected) < 1e-14 }, "\(bracket) vs \(expected)")
        }
    }

    @Test("{‖q‖² + ‖p‖², q1 p2 − q2 p1} = 0; {q1, L} = −q2 and {p1, L} = −p2 for the angular momentum L")
    func angularMomentum() {
        let rotation = SymmetryGenerator.rotation.function
        let energy = { (q: Tensor, p: Tensor) in q.squared().sum(alongAxes: [1]) + p.squared().sum(alongAxes: [1]) }
        let zero = poissonBracket(energy, rotation, q: Self.q, p: Self.p, createGraph: false).scalars(as: Double.self)
        #expect(zero.allSatisfy { abs($0) < 1e-14 })
        let q1L = poissonBracket({ q, _ in Self.column(q, 0) }, rotation, q: Self.q, p: Self.p, createGraph: false)
        #expect(
            maxDifference(q1L.scalars(as: Double.self), Self.column(Self.q, 1).scalars(as: Double.self).map { -$0 })
                < 1e-14)
        let p1L = poissonBracket({ _, p in Self.column(p, 0) }, rotation, q: Self.q, p: Self.p, createGraph: false)
        #expect(
            maxDifference(p1L.scalars(as: Double.self), Self.column(Self.p, 1).scalars(as: Double.self).map { -$0 })
                < 1e-14)
        // Translations: {f, p1} = ∂f/∂q1.
        let q1Squared = poissonBracket(
            { q, _ in Self.column(q, 0).squared() }, SymmetryGenerator.translation.function, q: Self.q, p: Self.p,
            createGraph: false)
        #expect(
            maxDifference(
                q1Squared.scalars(as: Double.self), Self.column(Self.q, 0).scalars(as: Double.self).map { 2 * $0 })
                < 1e-14)
    }

    @Test("{H, H} = 0 and {f, g} = −{g, f} for learned Hamiltonians")
    func antisymmetry() throws {
        let flow = try NeuralHamiltonianFlow(configuration: smallConfiguration(flows: 2))
        randomise(flow)
        let h0 = { (q: Tensor, p: Tensor) in flow.hamiltonians[0].energy(q: q, p: p) }
        let h1 = { (q: Tensor, p: Tensor) in flow.hamiltonians[1].energy(q: q, p: p) }
        let self0 = poissonBracket(h0, h0, q: Self.q, p: Self.p, createGraph: false).scalars(as: Double.self)
        #expect(self0.allSatisfy { abs($0) < 1e-12 })
        let ab = poissonBracket(h0, h1, q: Self.q, p: Self.p, createGraph: false).scalars(as: Double.self)
        let ba = poissonBracket(h1, h0, q: Self.q, p: Self.p, createGraph: false).scalars(as: Double.self)
        #expect(ab.contains { abs($0) > 1e-3 })
        #expect(maxDifference(ab, ba.map { -$0 }) < 1e-12)
    }

    @Test(
        "the bracket the objective takes from the leapfrog's gradients equals the autodiff bracket at the same points")
    func leapfrogBracketMatchesAutodiff() throws {
        let flow = try NeuralHamiltonianFlow(configuration: smallConfiguration(flows: 1, steps: 3))
        randomise(flow)
        let hamiltonian = flow.hamiltonians[0]
        var checked = 0
        _ = SeparableLeapfrog.integrate(hamiltonian, q: Self.q, p: Self.p, stepSize: -0.3, steps: 3, createGraph: false)
        { point in
            let dg = SymmetryGenerator.rotation.gradients(q: point.q, p: point.p, createGraph: false)
            let fromLeapfrog = poissonBracket(
                dfdq: point.potentialGradient, dfdp: point.kineticGradient, dgdq: dg.dq, dgdp: dg.dp)
            let direct = poissonBracket(
                { q, p in hamiltonian.energy(q: q, p: p) }, SymmetryGenerator.rotation.function, q: point.q, p: point.p,
                createGraph: false)
            #expect(maxDifference(fromLeapfrog.scalars(as: Double.self), direct.scalars(as: Double.self)) < 1e-12)
            checked += 1
        }
        #expect(checked == 3)
    }

    @Test("the bracket is differentiable: its gradient with respect to a weight matches central differences")
    func bracketGradient() throws {
        let flow = try NeuralHamiltonianFlow(configuration: smallConfiguration(flows: 1))
        randomise(flow)
        let hamiltonian = flow.hamiltonians[0]
        guard let weight = flow.parameters["flow.0.potential.layer1.weight"] else {
            Issue.record("no weight")
            return
        }
        let penalty = {
            poissonBracket(
                { q, p in hamiltonian.energy(q: q, p: p) }, SymmetryGenerator.rotation.function,
                q: Self.q, p: Self.p, createGraph: true
            ).squared().sum()
        }
        let analytic = gradients(of: penalty(), wrt: [weight.value])[0].scalars(as: Double.self)[5]
        let original = weight.value.scalars(as: Double.self)
        var plus = original, minus = original
        plus[5] += 1e-6
        minus[5] -= 1e-6
        weight.assign(tensor64(plus, weight.shape))
        let fPlus = penalty().scalarValue
        weight.assign(tensor64(minus, weight.shape))
        let fMinus = penalty().scalarValue
        weight.assign(tensor64(original, weight.shape))
        let numeric = (fPlus - fMinus) / 2e-6
        #expect(abs(analytic - numeric) < 1e-6 * max(1, abs(numeric)), "analytic \(analytic), numeric \(numeric)")
    }
}
