import SeededRandom
import Testing

@testable import Tensor

/// Finite-difference checks of the engine's derivatives, in Float64.
enum GradientChecking {
    /// Central-difference gradient of a scalar function with respect to every element of every input.
    /// `f` is evaluated without recording.
    static func numericalGradients(of f: ([Tensor]) -> Tensor, at inputs: [Tensor], step: Double = 1e-5) -> [[Double]] {
        inputs.indices.map { index in
            let base = inputs[index].scalars(as: Double.self)
            return base.indices.map { element in
                func value(_ offset: Double) -> Double {
                    var perturbed = base
                    perturbed[element] += offset
                    var arguments = inputs
                    arguments[index] = Tensor(shape: inputs[index].shape, scalars: perturbed)
                    return f(arguments).scalarValue
                }
                return (value(step) - value(-step)) / (2 * step)
            }
        }
    }

    /// Expects every analytic gradient element to match the numerical one within `absolute + relative·|numeric|`.
    static func expectClose(
        _ analytic: [Tensor], _ numeric: [[Double]], absolute: Double, relative: Double,
        _ label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (index, (tensor, expected)) in zip(analytic, numeric).enumerated() {
            let actual = tensor.scalars(as: Double.self)
            #expect(
                actual.count == expected.count, "\(label): input \(index) gradient has the wrong size",
                sourceLocation: sourceLocation)
            var worst = 0.0, worstElement = 0
            for (element, (a, e)) in zip(actual, expected).enumerated() {
                let excess = abs(a - e) - (absolute + relative * abs(e))
                if excess > worst { (worst, worstElement) = (excess, element) }
            }
            #expect(
                worst == 0,
                """
                \(label): input \(index) element \(worstElement): analytic \(actual[worstElement]) vs numeric \
                \(expected[worstElement])
                """, sourceLocation: sourceLocation)
        }
    }

    /// Checks the first derivatives of the scalar function `f` at `inputs` (Float64) against central differences,
    /// and checks that the recorded (`createGraph: true`) and fused (`createGraph: false`) backward passes agree.
    static func checkFirstOrder(
        _ label: String, at inputs: [Tensor], absolute: Double = 1e-7, relative: Double = 1e-6,
        sourceLocation: SourceLocation = #_sourceLocation, _ f: ([Tensor]) -> Tensor
    ) {
        let marked = inputs.map { $0.requiringGradient() }
        let output = f(marked)
        let fused = gradients(of: output, wrt: marked, retainGraph: true)
        let recorded = gradients(of: output, wrt: marked, createGraph: true)
        let numeric = withoutGradientRecording { numericalGradients(of: f, at: inputs) }
        expectClose(
            fused, numeric, absolute: absolute, relative: relative, "\(label) (first order)",
            sourceLocation: sourceLocation)
        expectClose(
            recorded, fused.map { $0.scalars(as: Double.self) }, absolute: 1e-12, relative: 1e-10,
            "\(label) (recorded vs fused backward)", sourceLocation: sourceLocation)
        for gradient in fused {
            #expect(
                !gradient.requiresGradient, "\(label): a first-order gradient carries a graph",
                sourceLocation: sourceLocation)
        }
    }

    /// Checks second derivatives: for `T(x) = Σ_i ⟨∂S/∂x_i, v_i⟩` with `S = f(x)` (a scalar), compares the engine's
    /// gradient of T (through a recorded backward pass) with central differences of T computed by first-order passes.
    static func checkSecondOrder(
        _ label: String, at inputs: [Tensor], directions: [Tensor], absolute: Double = 1e-6,
        relative: Double = 1e-5, sourceLocation: SourceLocation = #_sourceLocation,
        _ f: @escaping ([Tensor]) -> Tensor
    ) {
        func directional(_ x: [Tensor], createGraph: Bool) -> Tensor {
            let marked = x.map { $0.requiringGradient() }
            let firstOrder = gradients(of: f(marked), wrt: marked, createGraph: createGraph)
            let terms = zip(firstOrder, directions).map { ($0 * $1).sum() }
            let total = terms.dropFirst().reduce(terms[0], +)
            return createGraph ? total : total.detached()
        }
        let marked = inputs.map { $0.requiringGradient() }
        let firstOrder = gradients(of: f(marked), wrt: marked, createGraph: true)
        let terms = zip(firstOrder, directions).map { ($0 * $1).sum() }
        let t = terms.dropFirst().reduce(terms[0], +)
        let analytic = t.requiresGradient ? gradients(of: t, wrt: marked) : marked.map { $0.zerosLike() }
        let numeric = numericalGradients(of: { directional($0, createGraph: false) }, at: inputs)
        expectClose(
            analytic, numeric, absolute: absolute, relative: relative, "\(label) (second order)",
            sourceLocation: sourceLocation)
    }
}

/// Deterministic Float64 test data.
struct TestData {
    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    /// Uniform values in `range`.
    mutating func uniform(_ shape: [Int], _ range: ClosedRange<Double> = -1...1) -> Tensor {
        Tensor.randomUniform(
            shape: shape, lowerBound: range.lowerBound, upperBound: range.upperBound, dtype: .float64,
            using: &generator)
    }

    /// Uniform values in `magnitude` with a random sign: bounded away from zero (for kinks at 0).
    mutating func awayFromZero(_ shape: [Int], _ magnitude: ClosedRange<Double> = 0.1...1) -> Tensor {
        let values = uniform(shape, magnitude).scalars(as: Double.self).map {
            Bool.random(using: &generator) ? $0 : -$0
        }
        return Tensor(shape: shape, scalars: values)
    }
}
