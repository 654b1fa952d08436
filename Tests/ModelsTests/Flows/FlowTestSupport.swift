import Foundation
import SeededRandom
import Tensor

@testable import Models

/// A float64 tensor from values.
func tensor64(_ values: [Double], _ shape: [Int]) -> Tensor { Tensor(shape: shape, scalars: values) }

/// A float32 tensor from values.
func tensor32(_ values: [Double], _ shape: [Int]) -> Tensor { Tensor(shape: shape, scalars: values.map { Float($0) }) }

/// A small flow configuration for tests.
func smallConfiguration(
    dtype: DType = .float64, flows: Int = 2, steps: Int = 2, width: Int = 8, encoder: MomentumEncoderKind = .gaussian,
    harmonicBase: Bool = true, seed: UInt64 = 3
) -> HamiltonianFlowConfiguration {
    var c = HamiltonianFlowConfiguration()
    c.flows = flows
    c.leapfrogSteps = steps
    c.stepSize = 0.3
    c.hiddenWidth = width
    c.encoderWidth = width
    c.encoder = encoder
    c.harmonicBase = harmonicBase
    c.dtype = dtype
    c.seed = seed
    return c
}

/// Replaces every parameter of `flow` whose name passes `filter` by normal draws of standard deviation `scale`, so
/// that the flow is far from the identity (fresh flows start near it).
func randomise(
    _ flow: NeuralHamiltonianFlow, scale: Double = 0.5, seed: UInt64 = 11,
    where filter: (String) -> Bool = { _ in true }
) {
    var generator = SeededGenerator(seed: seed)
    for parameter in flow.parameters.parameters where filter(parameter.name) {
        parameter.assign(
            Tensor.randomNormal(
                shape: parameter.shape, standardDeviation: scale, dtype: parameter.value.dtype, using: &generator))
    }
}

/// Sets a parameter to explicit values.
func setParameter(_ flow: NeuralHamiltonianFlow, _ name: String, _ values: [Double]) {
    guard let parameter = flow.parameters[name] else { preconditionFailure("no parameter \(name)") }
    let dtype = parameter.value.dtype
    parameter.assign(dtype == .float64 ? tensor64(values, parameter.shape) : tensor32(values, parameter.shape))
}

/// Zeros every Hamiltonian's last layer: with `harmonicBase: false` the flow is then exactly the identity.
func makeIdentityFlow(_ flow: NeuralHamiltonianFlow) {
    for parameter in flow.parameters.parameters
    where parameter.name.hasPrefix("flow.") && parameter.name.contains("layer2") {
        parameter.assign(parameter.value.zerosLike())
    }
}

/// Makes the Gaussian encoder constant: f(p | q) = N(mean, diag(exp(logVariance))).
func makeConstantEncoder(_ flow: NeuralHamiltonianFlow, mean: [Double], logVariance: [Double]) {
    guard let weight = flow.parameters["encoder.layer2.weight"] else { preconditionFailure("no encoder output layer") }
    weight.assign(weight.value.zerosLike())
    setParameter(flow, "encoder.layer2.bias", mean + logVariance)
}

/// An analytic separable Hamiltonian built from tensor closures (for checks against hand-computed updates).
struct AnalyticHamiltonian: SeparableHamiltonian {
    let kinetic: (Tensor) -> Tensor
    let potential: (Tensor) -> Tensor
    func kineticEnergy(_ p: Tensor) -> Tensor { kinetic(p) }
    func potentialEnergy(_ q: Tensor) -> Tensor { potential(q) }
}

/// log N(x; mean, diag(variance)) of one 2-vector, in closed form.
func logNormal(_ x: [Double], mean: [Double] = [0, 0], logVariance: [Double] = [0, 0]) -> Double {
    var sum = 0.0
    for i in 0..<2 {
        let d: Double = x[i] - mean[i]
        sum -= 0.5 * (d * d * Foundation.exp(-logVariance[i]) + logVariance[i] + Foundation.log(2 * Double.pi))
    }
    return sum
}

/// Points on the ring of radius 2 (radius ~ N(2, 0.15²), angle uniform), from a seed.
func ringPoints(_ n: Int, seed: UInt64 = 5) -> [Double] {
    var generator = SeededGenerator(seed: seed)
    let radii = Tensor.randomNormal(shape: [n], mean: 2, standardDeviation: 0.15, dtype: .float64, using: &generator)
        .scalars(as: Double.self)
    let angles = Tensor.randomUniform(shape: [n], upperBound: 2 * Double.pi, dtype: .float64, using: &generator)
        .scalars(as: Double.self)
    var points: [Double] = []
    for i in 0..<n {
        points.append(radii[i] * Foundation.cos(angles[i]))
        points.append(radii[i] * Foundation.sin(angles[i]))
    }
    return points
}

/// Maximum absolute difference of two arrays.
func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
