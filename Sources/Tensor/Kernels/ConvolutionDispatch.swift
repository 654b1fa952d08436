/// The one place that chooses a kernel for each convolution primitive. Float64 runs ``ReferenceConvolution`` (the
/// gradient checks' exact path); Float32 runs `FastConvolution` (im2col, Winograd and stacked-taps kernels on
/// ``ComputeThreads``' workers, tested against a naive convolution). Each primitive adds its direct-algorithm flops to
/// ``FlopCounter``.
enum ConvolutionDispatch {
    /// Forward convolution of NHWC `input` with HWIO `weight`; returns the NHWC output storage.
    static func forward(_ g: Conv2DGeometry, input: TensorStorage, weight: TensorStorage) -> TensorStorage {
        FlopCounter.add(g.directFlops)
        let output = TensorStorage(
            uninitializedCount: g.batch * g.outputHeight * g.outputWidth * g.outChannels,
            dtype: input.dtype)
        switch input.dtype {
        case .float32:
            input.withPointer(Float.self) { x in
                weight.withPointer(Float.self) { w in
                    output.withPointer(Float.self) { FastConvolution.forward(g, input: x, weight: w, output: $0) }
                }
            }
        case .float64:
            input.withPointer(Double.self) { x in
                weight.withPointer(Double.self) { w in
                    output.withPointer(Double.self) { ReferenceConvolution.forward(g, input: x, weight: w, output: $0) }
                }
            }
        }
        return output
    }

    /// Gradient with respect to the input (transposed convolution of `outputGradient` with `weight`).
    static func backwardInput(
        _ g: Conv2DGeometry, outputGradient: TensorStorage, weight: TensorStorage
    ) -> TensorStorage {
        FlopCounter.add(g.directFlops)
        let inputGradient = TensorStorage(
            uninitializedCount: g.batch * g.height * g.width * g.inChannels,
            dtype: weight.dtype)
        switch weight.dtype {
        case .float32:
            outputGradient.withPointer(Float.self) { dy in
                weight.withPointer(Float.self) { w in
                    inputGradient.withPointer(Float.self) {
                        FastConvolution.backwardInput(g, outputGradient: dy, weight: w, inputGradient: $0)
                    }
                }
            }
        case .float64:
            outputGradient.withPointer(Double.self) { dy in
                weight.withPointer(Double.self) { w in
                    inputGradient.withPointer(Double.self) {
                        ReferenceConvolution.backwardInput(g, outputGradient: dy, weight: w, inputGradient: $0)
                    }
                }
            }
        }
        return inputGradient
    }

    /// Gradient with respect to the weight (correlation of `input` with `outputGradient`).
    static func backwardWeight(
        _ g: Conv2DGeometry, input: TensorStorage, outputGradient: TensorStorage
    ) -> TensorStorage {
        FlopCounter.add(g.directFlops)
        let weightGradient = TensorStorage(
            uninitializedCount: g.kernelHeight * g.kernelWidth * g.inChannels * g.outChannels,
            dtype: input.dtype)
        switch input.dtype {
        case .float32:
            input.withPointer(Float.self) { x in
                outputGradient.withPointer(Float.self) { dy in
                    weightGradient.withPointer(Float.self) {
                        FastConvolution.backwardWeight(g, input: x, outputGradient: dy, weightGradient: $0)
                    }
                }
            }
        case .float64:
            input.withPointer(Double.self) { x in
                outputGradient.withPointer(Double.self) { dy in
                    weightGradient.withPointer(Double.self) {
                        ReferenceConvolution.backwardWeight(g, input: x, outputGradient: dy, weightGradient: $0)
                    }
                }
            }
        }
        return weightGradient
    }
}
