import Testing

@testable import Tensor

@Suite("2-D convolution: values, padding rules, adjoint identities")
struct ConvolutionTests {
    @Test("A hand-computed 3x3 image with a 2x2 kernel")
    func handComputedExample() {
        let image = Tensor(shape: [1, 3, 3, 1], scalars: [1.0, 2, 3, 4, 5, 6, 7, 8, 9])
        let kernel = Tensor(shape: [2, 2, 1, 1], scalars: [1.0, 0, 0, -1])
        #expect(image.conv2D(kernel).scalars(as: Double.self) == [-4, -4, -4, -4])
        // SAME with stride 1: one row / column of zeros at the bottom / right.
        let same = image.conv2D(kernel, padding: .same)
        #expect(same.shape == [1, 3, 3, 1])
        #expect(same.scalars(as: Double.self) == [-4, -4, 3, -4, -4, 6, 7, 8, 9])
        // Two input channels, two output channels.
        let twoChannels = Tensor(shape: [1, 1, 1, 2], scalars: [2.0, 3.0])
        let mixing = Tensor(shape: [1, 1, 2, 2], scalars: [1.0, 10, 100, 1000])
        #expect(twoChannels.conv2D(mixing).scalars(as: Double.self) == [302, 3020])
    }

    struct SameCase: Sendable, CustomTestStringConvertible {
        let size, kernel, stride, output, before, after: Int
        var testDescription: String { "in \(size) k \(kernel) s \(stride)" }
    }

    @Test(
        "TensorFlow SAME padding: output ceil(in/stride), odd pixel after",
        arguments: [
            SameCase(size: 4, kernel: 2, stride: 2, output: 2, before: 0, after: 0),
            SameCase(size: 4, kernel: 3, stride: 1, output: 4, before: 1, after: 1),
            SameCase(size: 4, kernel: 2, stride: 1, output: 4, before: 0, after: 1),
            SameCase(size: 5, kernel: 3, stride: 2, output: 3, before: 1, after: 1),
            SameCase(size: 4, kernel: 3, stride: 2, output: 2, before: 0, after: 1),
            SameCase(size: 32, kernel: 3, stride: 2, output: 16, before: 0, after: 1),
        ])
    func samePadding(_ c: SameCase) {
        let g = Conv2DGeometry(
            inputShape: [1, c.size, c.size, 1], filterShape: [c.kernel, c.kernel, 1, 1],
            strideY: c.stride, strideX: c.stride, padding: .same)
        #expect(g.outputHeight == c.output && g.outputWidth == c.output)
        #expect(g.padTop == c.before && g.padBottom == c.after && g.padLeft == c.before && g.padRight == c.after)
    }

    @Test("The Hamiltonian network's layer shapes on 4x4 maps (SAME and VALID, kernels 2 and 3, stride 2)")
    func hamiltonianNetworkShapes() {
        var x = Tensor(zeros: [2, 4, 4, 32])
        x = x.conv2D(Tensor(zeros: [3, 3, 32, 32]), padding: .same)
        #expect(x.shape == [2, 4, 4, 32])
        x = x.conv2D(Tensor(zeros: [2, 2, 32, 64]), stride: 2, padding: .valid)
        #expect(x.shape == [2, 2, 2, 64])
        x = x.conv2D(Tensor(zeros: [2, 2, 64, 64]), padding: .same)
        #expect(x.shape == [2, 2, 2, 64])
        x = x.conv2D(Tensor(zeros: [2, 2, 64, 1]), stride: 2, padding: .valid)
        #expect(x.shape == [2, 1, 1, 1])
    }

    static let geometries: [Conv2DGeometry] = [
        Conv2DGeometry(
            batch: 2, height: 5, width: 6, inChannels: 3, outChannels: 4, kernelHeight: 3, kernelWidth: 3,
            padTop: 1, padBottom: 1, padLeft: 1, padRight: 1),
        Conv2DGeometry(
            batch: 1, height: 7, width: 5, inChannels: 2, outChannels: 3, kernelHeight: 3, kernelWidth: 2,
            strideY: 2, strideX: 2),
        Conv2DGeometry(
            batch: 1, height: 4, width: 4, inChannels: 2, outChannels: 2, kernelHeight: 3, kernelWidth: 3,
            strideY: 2, strideX: 1, padTop: 0, padBottom: 2, padLeft: 2, padRight: 0),
    ]

    @Test("⟨conv(x, w), g⟩ = ⟨x, backwardInput(g, w)⟩ = ⟨w, backwardWeight(x, g)⟩", arguments: geometries)
    func adjointIdentities(_ geometry: Conv2DGeometry) {
        var data = TestData(seed: 3)
        let x = data.uniform(geometry.inputShape), w = data.uniform(geometry.filterShape)
        let g = data.uniform(geometry.outputShape)
        let forward = (Tensor.convolution(x, w, geometry) * g).sum().scalarValue
        let viaInput = (x * Tensor.convolutionBackwardInput(g, w, geometry)).sum().scalarValue
        let viaWeight = (w * Tensor.convolutionBackwardWeight(x, g, geometry)).sum().scalarValue
        #expect(abs(forward - viaInput) < 1e-12 * max(1, abs(forward)))
        #expect(abs(forward - viaWeight) < 1e-12 * max(1, abs(forward)))
    }

    @Test("Float32 kernels agree with Float64 ones to single precision", arguments: geometries)
    func singleMatchesDoublePrecision(_ geometry: Conv2DGeometry) {
        var data = TestData(seed: 4)
        let x = data.uniform(geometry.inputShape), w = data.uniform(geometry.filterShape)
        let g = data.uniform(geometry.outputShape)
        func single(_ t: Tensor) -> Tensor { Tensor(shape: t.shape, scalars: t.scalars(as: Float.self)) }
        let pairs = [
            (Tensor.convolution(x, w, geometry), Tensor.convolution(single(x), single(w), geometry)),
            (
                Tensor.convolutionBackwardInput(g, w, geometry),
                Tensor.convolutionBackwardInput(single(g), single(w), geometry)
            ),
            (
                Tensor.convolutionBackwardWeight(x, g, geometry),
                Tensor.convolutionBackwardWeight(single(x), single(g), geometry)
            ),
        ]
        for (double, float) in pairs {
            for (a, b) in zip(double.scalars(as: Double.self), float.scalars(as: Double.self)) {
                #expect(abs(a - b) < 1e-5 * max(1, abs(a)))
            }
        }
    }
}
