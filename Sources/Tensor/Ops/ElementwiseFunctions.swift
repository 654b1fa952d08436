// Elementwise exp, log, square and square root. Each backward rule is written with recorded ops, so it can be
// differentiated again.

extension Tensor {
    /// `e^x` elementwise. O(n).
    public func exp() -> Tensor {
        unary(.exp, "exp", savingOutput: true) { context in
            [context.upstream * context.output]
        }
    }

    /// Natural logarithm elementwise (`-inf` at 0, NaN below). O(n).
    public func log() -> Tensor {
        unary(.log, "log", savingInput: true) { context in
            [context.upstream / context.saved[0]]
        }
    }

    /// `x * x` elementwise. O(n).
    public func squared() -> Tensor {
        unary(.square, "square", savingInput: true) { context in
            [context.upstream * context.saved[0] * 2]
        }
    }

    /// `√x` elementwise. O(n).
    public func squareRoot() -> Tensor {
        unary(.squareRoot, "squareRoot", savingOutput: true) { context in
            [context.upstream / (context.output * 2)]
        }
    }

    /// Applies an elementwise kernel and records it with the given rule.
    func unary(
        _ function: UnaryFunction, _ name: StaticString, savingInput: Bool = false, savingOutput: Bool = false,
        rule: @escaping BackwardRule
    ) -> Tensor {
        let storage = ElementwiseKernels.apply(function, to: self.storage)
        return Tensor.record(
            name, shape: shape, storage: storage, inputs: [self], saving: savingInput ? [self] : [],
            savingOutput: savingOutput, rule: rule)
    }

    /// `x > 0 ? 1 : negativeValue`, a constant (never recorded): the derivative mask of the ReLU family.
    func positiveMask(negativeValue: Double) -> Tensor {
        Tensor(
            shape: shape, storage: ElementwiseKernels.apply(.positiveMask(negativeValue: negativeValue), to: storage))
    }

    /// `upstream * f'(saved)` in one fused pass, a constant (for backward passes that are not recorded).
    static func fusedDerivative(_ kind: ActivationDerivative, upstream: Tensor, saved: Tensor) -> Tensor {
        Tensor(
            shape: upstream.shape,
            storage: ElementwiseKernels.derivative(kind, upstream: upstream.storage, saved: saved.storage))
    }
}
