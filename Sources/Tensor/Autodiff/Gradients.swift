/// Reverse-mode derivatives of `output` with respect to each tensor of `inputs`.
///
/// The engine walks the recorded graph from `output` back to `inputs`, visiting only ops that lie on a path between
/// them (so asking for dH/dq does not run backward through an encoder that produced q). The result has one gradient
/// per input, with that input's shape; an input that `output` does not depend on gets zeros.
///
/// - With `createGraph: false` (training's first-order pass) the backward rules run with recording off: no nodes or
///   closures are created, and rules may use fused kernels. The gradients carry no graph.
/// - With `createGraph: true` the rules themselves are recorded, so the returned gradients are functions of
///   everything they depend on and can be differentiated again: this is how a loss on dH/dx (Hamiltonian
///   networks in an integrator) gets its gradient with respect to the weights.
///
/// Accumulation order is fixed by the graph's structure, so the results are bitwise reproducible.
///
/// - Parameters:
///   - output: the differentiated quantity. Usually a scalar; otherwise `seed` is required.
///   - inputs: tensors that are part of the graph (marked with ``Tensor/requiringGradient()`` or computed from one).
///   - seed: gradient with respect to `output` (vector-Jacobian product); defaults to ones for a one-element output.
///   - createGraph: whether to record the backward pass for higher derivatives (implies `retainGraph`).
///   - retainGraph: whether to keep the tensors the graph saved for its backward rules. By default a first-order
///     pass releases them as it goes (lowering the step's peak memory), so the same graph cannot be differentiated
///     again; pass `true` to differentiate it more than once.
/// - Complexity: O(number of recorded ops between `inputs` and `output`), plus the cost of their rules
///   (roughly twice the forward cost of those ops).
public func gradients(
    of output: Tensor, wrt inputs: [Tensor], seed: Tensor? = nil, createGraph: Bool = false,
    retainGraph: Bool = false
) -> [Tensor] {
    for input in inputs {
        precondition(
            input.node != nil,
            """
            gradients(of:wrt:) needs inputs that are part of the graph: call requiringGradient() on the input \
            (shape \(input.shape)) before computing the output from it
            """)
    }
    if let seed {
        precondition(
            seed.shape == output.shape && seed.dtype == output.dtype,
            "seed must match the output: \(seed.shape) \(seed.dtype) vs \(output.shape) \(output.dtype)")
    } else {
        precondition(
            output.scalarCount == 1,
            "output of shape \(output.shape) is not a scalar: pass a seed (the gradient of the output)")
    }
    let zeros = { inputs.map { $0.zerosLike() } }
    guard let root = output.node else { return zeros() }

    let targets = Set(inputs.compactMap { $0.node.map(ObjectIdentifier.init) })
    let earliest = inputs.compactMap { $0.node?.sequenceNumber }.min() ?? 0
    let (order, relevant) = relevantNodesInTopologicalOrder(from: root, targets: targets, earliest: earliest)
    guard relevant.contains(ObjectIdentifier(root)) else { return zeros() }

    return GradientRecording.$isEnabled.withValue(createGraph) {
        var accumulated: [ObjectIdentifier: Tensor] = [:]
        accumulated[ObjectIdentifier(root)] = seed ?? output.onesLike().detached()
        // Reverse topological order: every consumer of a node is processed before the node itself.
        for node in order.reversed() {
            let id = ObjectIdentifier(node)
            guard relevant.contains(id), let rule = node.rule, let upstream = accumulated[id] else { continue }
            let needs = node.parents.map { parent in parent.map { relevant.contains(ObjectIdentifier($0)) } ?? false }
            if !targets.contains(id) { accumulated[id] = nil }  // free intermediate gradients as we go
            guard needs.contains(true) else { continue }
            let context = BackwardContext(node: node, upstream: upstream, needsGradient: needs)
            context.checkNotReleased()
            let inputGradients = rule(context)
            if !createGraph && !retainGraph { node.releaseSavedTensors() }
            for (parent, gradient) in zip(node.parents, inputGradients) {
                guard let parent, let gradient, relevant.contains(ObjectIdentifier(parent)) else { continue }
                assert(
                    gradient.shape == parent.shape,
                    "\(node.operation) returned a gradient of shape \(gradient.shape) for an input of shape \(parent.shape)"
                )
                let parentID = ObjectIdentifier(parent)
                if let existing = accumulated[parentID] {
                    accumulated[parentID] = existing + gradient
                } else {
                    accumulated[parentID] = gradient
                }
            }
        }
        return inputs.map { input in
            input.node.flatMap { accumulated[ObjectIdentifier($0)] } ?? input.zerosLike()
        }
    }
}

/// The gradient of a scalar `output` with respect to one `input` (see
/// ``gradients(of:wrt:seed:createGraph:retainGraph:)``).
public func gradient(
    of output: Tensor, wrt input: Tensor, createGraph: Bool = false, retainGraph: Bool = false
)
    -> Tensor
{
    gradients(of: output, wrt: [input], createGraph: createGraph, retainGraph: retainGraph)[0]
}

/// Depth-first post-order of the graph above `root` (parents before children), and the set of nodes that lie on a
/// path from a target to `root` (a target, or a node with a relevant parent). Iterative: graphs can be deep.
///
/// Nodes created before the `earliest` target (by ``GraphNode/sequenceNumber``) cannot descend from a target, so the
/// walk does not enter them: differentiating a function of fresh variables (an integrator's vector field) costs the
/// size of that function's graph, not of the whole history above it.
private func relevantNodesInTopologicalOrder(
    from root: GraphNode, targets: Set<ObjectIdentifier>, earliest: UInt64
)
    -> (order: [GraphNode], relevant: Set<ObjectIdentifier>)
{
    var order: [GraphNode] = []
    var relevant = Set<ObjectIdentifier>()
    var visited: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
    // Each stack entry is a node and the index of the next parent to visit.
    var stack: [(node: GraphNode, nextParent: Int)] = [(root, 0)]
    while !stack.isEmpty {
        let (node, next) = stack[stack.count - 1]
        if next < node.parents.count {
            stack[stack.count - 1].nextParent += 1
            if let parent = node.parents[next], parent.sequenceNumber >= earliest,
                visited.insert(ObjectIdentifier(parent)).inserted
            {
                stack.append((parent, 0))
            }
            continue
        }
        stack.removeLast()
        order.append(node)
        let id = ObjectIdentifier(node)
        if targets.contains(id)
            || node.parents.contains(where: { $0.map { relevant.contains(ObjectIdentifier($0)) } ?? false })
        {
            relevant.insert(id)
        }
    }
    return (order, relevant)
}
