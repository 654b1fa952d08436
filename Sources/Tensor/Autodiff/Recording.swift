extension Tensor {
    /// Wraps an op's freshly computed `storage` as its result, recording a graph node when recording is on and some
    /// input is part of a graph.
    ///
    /// - Parameters:
    ///   - operation: op name, for diagnostics.
    ///   - inputs: the op's differentiable inputs, in the order the rule returns their gradients.
    ///   - saving: tensors the rule needs (evaluated only when a node is recorded).
    ///   - savingOutput: whether the rule reads ``BackwardContext/output``.
    ///   - rule: the backward rule (see ``BackwardRule``); it must not capture tensors.
    @inline(__always)
    static func record(
        _ operation: StaticString, shape: [Int], storage: TensorStorage, inputs: [Tensor],
        saving: @autoclosure () -> [Tensor] = [], savingOutput: Bool = false, rule: @escaping BackwardRule
    ) -> Tensor {
        guard GradientRecording.isEnabled, inputs.contains(where: { $0.node != nil }) else {
            return Tensor(shape: shape, storage: storage)
        }
        let node = GraphNode(
            operation: operation, shape: shape, parents: inputs.map(\.node), saved: saving(),
            savedOutput: savingOutput ? storage : nil, rule: rule)
        return Tensor(shape: shape, storage: storage, node: node)
    }
}
