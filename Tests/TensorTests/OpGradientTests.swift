import SeededRandom
import Testing

@testable import Tensor

/// One op under test: how to make its (Float64) inputs and how to apply it.
struct OpCase: Sendable, CustomTestStringConvertible {
    let name: String
    let makeInputs: @Sendable (inout TestData) -> [Tensor]
    let apply: @Sendable ([Tensor]) -> Tensor
    var testDescription: String { name }

    init(
        _ name: String, _ makeInputs: @escaping @Sendable (inout TestData) -> [Tensor],
        _ apply: @escaping @Sendable ([Tensor]) -> Tensor
    ) {
        self.name = name
        self.makeInputs = makeInputs
        self.apply = apply
    }
}

extension OpCase {
    static let elementwise: [OpCase] = [
        OpCase("add broadcast trailing", { [$0.uniform([2, 3, 4]), $0.uniform([4])] }, { $0[0] + $0[1] }),
        OpCase("add broadcast both", { [$0.uniform([2, 1, 4]), $0.uniform([3, 1])] }, { $0[0] + $0[1] }),
        OpCase("subtract", { [$0.uniform([2, 3]), $0.uniform([2, 3])] }, { $0[0] - $0[1] }),
        OpCase("subtract broadcast scalar", { [$0.uniform([]), $0.uniform([2, 3])] }, { $0[0] - $0[1] }),
        OpCase("multiply broadcast", { [$0.uniform([2, 3, 4]), $0.uniform([3, 1])] }, { $0[0] * $0[1] }),
        OpCase("multiply same input", { [$0.uniform([5])] }, { $0[0] * $0[0] }),
        OpCase("divide", { [$0.uniform([2, 3]), $0.uniform([3], 0.5...2)] }, { $0[0] / $0[1] }),
        OpCase("negate", { [$0.uniform([4])] }, { -$0[0] }),
        OpCase("scalar arithmetic", { [$0.uniform([3], 0.5...2)] }, { 2.5 * $0[0] + 1 - 3 / $0[0] }),
        OpCase("exp", { [$0.uniform([2, 3])] }, { $0[0].exp() }),
        OpCase("log", { [$0.uniform([2, 3], 0.5...2)] }, { $0[0].log() }),
        OpCase("squared", { [$0.uniform([2, 3])] }, { $0[0].squared() }),
        OpCase("squareRoot", { [$0.uniform([2, 3], 0.5...2)] }, { $0[0].squareRoot() }),
        OpCase("relu", { [$0.awayFromZero([3, 4])] }, { $0[0].relu() }),
        OpCase("leakyRelu", { [$0.awayFromZero([3, 4])] }, { $0[0].leakyRelu(slope: 0.2) }),
        OpCase("elu", { [$0.awayFromZero([3, 4])] }, { $0[0].elu(alpha: 1.5) }),
        OpCase("sigmoid", { [$0.uniform([3, 4], -3...3)] }, { $0[0].sigmoid() }),
        OpCase("tanh", { [$0.uniform([3, 4], -2...2)] }, { $0[0].tanh() }),
        OpCase("softplus", { [$0.uniform([3, 4], -3...3)] }, { $0[0].softplus() }),
    ]

    static let reductionsAndShapes: [OpCase] = [
        OpCase("sum all", { [$0.uniform([2, 3, 4])] }, { $0[0].sum() }),
        OpCase("sum axis", { [$0.uniform([2, 3, 4])] }, { $0[0].sum(alongAxes: [1]) }),
        OpCase(
            "sum axes keeping", { [$0.uniform([2, 3, 4])] }, { $0[0].sum(alongAxes: [0, -1], keepingDimensions: true) }),
        OpCase("mean all", { [$0.uniform([2, 3])] }, { $0[0].mean() }),
        OpCase("mean axis", { [$0.uniform([2, 3, 4])] }, { $0[0].mean(alongAxes: [-1]) }),
        OpCase("summed to shape", { [$0.uniform([2, 3, 4])] }, { $0[0].summed(toShape: [3, 1]) }),
        OpCase("broadcast to shape", { [$0.uniform([3, 1])] }, { $0[0].broadcast(toShape: [2, 3, 4]) }),
        OpCase("reshape", { [$0.uniform([2, 6])] }, { $0[0].reshaped(to: [3, -1]) }),
        OpCase("permute", { [$0.uniform([2, 3, 4])] }, { $0[0].permuted([2, 0, 1]) }),
        OpCase("transpose", { [$0.uniform([2, 3])] }, { $0[0].transposed() }),
        OpCase("slice block", { [$0.uniform([4, 5, 3])] }, { $0[0].sliced(starts: [1, 2, 0], sizes: [2, 3, 2]) }),
        OpCase("slice axis", { [$0.uniform([3, 6])] }, { $0[0].slice(alongAxis: -1, range: 2..<5) }),
        OpCase("embed", { [$0.uniform([2, 2])] }, { $0[0].embedded(inShape: [4, 3], at: [1, 1]) }),
        OpCase(
            "concatenate", { [$0.uniform([2, 1, 3]), $0.uniform([2, 2, 3]), $0.uniform([2, 3, 3])] },
            { Tensor.concatenate($0, alongAxis: 1) }),
        OpCase(
            "split and rejoin", { [$0.uniform([2, 5])] },
            { x in
                let parts = x[0].split(sizes: [2, 3], alongAxis: 1)
                return Tensor.concatenate([parts[1], parts[0] * parts[0]], alongAxis: 1)
            }),
        OpCase("stack", { [$0.uniform([2, 3]), $0.uniform([2, 3])] }, { Tensor.stack($0, alongAxis: 1) }),
    ]

    static let products: [OpCase] = [
        OpCase("matmul", { [$0.uniform([3, 4]), $0.uniform([4, 2])] }, { $0[0].matmul($0[1]) }),
        OpCase(
            "matmul transposeSelf", { [$0.uniform([4, 3]), $0.uniform([4, 2])] },
            { $0[0].matmul($0[1], transposeSelf: true) }),
        OpCase(
            "matmul transposeOther", { [$0.uniform([3, 4]), $0.uniform([2, 4])] },
            { $0[0].matmul($0[1], transposeOther: true) }),
        OpCase(
            "matmul transpose both", { [$0.uniform([4, 3]), $0.uniform([2, 4])] },
            { $0[0].matmul($0[1], transposeSelf: true, transposeOther: true) }),
        OpCase(
            "linear", { [$0.uniform([3, 4]), $0.uniform([4, 2]), $0.uniform([2])] },
            { $0[0].linear(weight: $0[1], bias: $0[2]) }),
        OpCase("conv2D valid", { [$0.uniform([2, 4, 5, 2]), $0.uniform([3, 2, 2, 3])] }, { $0[0].conv2D($0[1]) }),
        OpCase(
            "conv2D same", { [$0.uniform([1, 4, 4, 2]), $0.uniform([3, 3, 2, 2])] },
            { $0[0].conv2D($0[1], padding: .same) }),
        OpCase(
            "conv2D stride 2 valid k2", { [$0.uniform([1, 5, 4, 2]), $0.uniform([2, 2, 2, 3])] },
            { $0[0].conv2D($0[1], stride: 2) }),
        OpCase(
            "conv2D stride 2 same k3", { [$0.uniform([1, 4, 5, 1]), $0.uniform([3, 3, 1, 2])] },
            { $0[0].conv2D($0[1], stride: 2, padding: .same) }),
        OpCase(
            "conv2D explicit asymmetric", { [$0.uniform([1, 3, 3, 2]), $0.uniform([2, 3, 2, 2])] },
            { $0[0].conv2D($0[1], strideY: 1, strideX: 2, padding: .explicit(top: 0, bottom: 2, left: 1, right: 0)) }),
        OpCase(
            "transposedConv2D", { [$0.uniform([1, 2, 3, 2]), $0.uniform([3, 3, 3, 2])] },
            { $0[0].transposedConv2D($0[1], outputShape: [1, 4, 5, 3], stride: 2, padding: .same) }),
        OpCase(
            "conv2D backwardInput primitive", { [$0.uniform([1, 2, 2, 2]), $0.uniform([2, 2, 3, 2])] },
            { x in
                let g = Conv2DGeometry(inputShape: [1, 5, 4, 3], filterShape: [2, 2, 3, 2], strideY: 2, strideX: 2)
                return Tensor.convolutionBackwardInput(x[0], x[1], g)
            }),
        OpCase(
            "conv2D backwardWeight primitive", { [$0.uniform([1, 4, 4, 2]), $0.uniform([1, 2, 2, 3])] },
            { x in
                let g = Conv2DGeometry(
                    inputShape: [1, 4, 4, 2], filterShape: [3, 3, 2, 3], strideY: 2, strideX: 2,
                    padding: .same)
                return Tensor.convolutionBackwardWeight(x[0], x[1], g)
            }),
        OpCase("upsample nearest x2", { [$0.uniform([2, 2, 3, 2])] }, { $0[0].upsampledNearest(scale: 2) }),
        OpCase("block sum x2", { [$0.uniform([1, 4, 2, 3])] }, { $0[0].blockSummed(scale: 2) }),
        OpCase("upsample nearest x3", { [$0.uniform([1, 2, 2, 1])] }, { $0[0].upsampledNearest(scale: 3) }),
    ]

    static let losses: [OpCase] = [
        OpCase(
            "meanSquaredError", { [$0.uniform([2, 3]), $0.uniform([2, 3])] }, { Tensor.meanSquaredError($0[0], $0[1]) }),
        OpCase(
            "standardNormalKLDivergence", { [$0.uniform([3, 4]), $0.uniform([3, 4])] },
            { Tensor.standardNormalKLDivergence(mean: $0[0], logVariance: $0[1]) }),
        OpCase(
            "gaussianSample", { [$0.uniform([2, 3]), $0.uniform([2, 3])] },
            { x in
                var generator = SeededGenerator(seed: 5)  // the same noise at every evaluation
                return Tensor.gaussianSample(mean: x[0], logVariance: x[1], using: &generator)
            }),
    ]

    static let all = elementwise + reductionsAndShapes + products + losses
}

/// The scalar each op is checked through: `Σ r₁·y + ½ Σ r₂·y²` for fixed random weights, so that the upstream
/// gradient reaching the op is itself a function of the inputs (which second-order checks need).
private func scalarProbe(for testCase: OpCase, data: inout TestData, inputs: [Tensor]) -> @Sendable ([Tensor]) -> Tensor
{
    let shape = withoutGradientRecording { testCase.apply(inputs).shape }
    let r1 = data.uniform(shape), r2 = data.uniform(shape)
    return { x in
        let y = testCase.apply(x)
        return (r1 * y).sum() + (r2 * y.squared()).sum() * 0.5
    }
}

@Suite("Gradients of every op, checked by central differences in Float64")
struct OpGradientTests {
    @Test("first derivatives", arguments: OpCase.all)
    func firstOrder(_ testCase: OpCase) {
        var data = TestData(seed: 11)
        let inputs = testCase.makeInputs(&data)
        let probe = scalarProbe(for: testCase, data: &data, inputs: inputs)
        GradientChecking.checkFirstOrder(testCase.name, at: inputs, probe)
    }

    @Test("second derivatives through recorded backward rules", arguments: OpCase.all)
    func secondOrder(_ testCase: OpCase) {
        var data = TestData(seed: 12)
        let inputs = testCase.makeInputs(&data)
        let probe = scalarProbe(for: testCase, data: &data, inputs: inputs)
        let directions = inputs.map { data.uniform($0.shape) }
        GradientChecking.checkSecondOrder(testCase.name, at: inputs, directions: directions, probe)
    }
}
