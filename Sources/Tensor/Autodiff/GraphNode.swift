import Synchronization

/// What a backward rule receives: the gradient flowing into the op's output, the tensors the op saved, and which
/// of its inputs need a gradient.
struct BackwardContext {
    /// The node being differentiated.
    let node: GraphNode
    /// Gradient of the differentiated quantity with respect to this op's output (same shape as the output).
    let upstream: Tensor
    /// One flag per op input: `true` if the engine needs that input's gradient (reachable and differentiable).
    let needsGradient: [Bool]

    /// The tensors the op saved when it ran, in the order it saved them.
    var saved: [Tensor] { node.saved }

    /// Checks that a previous backward pass has not released this node's saved tensors.
    func checkNotReleased() {
        precondition(
            !node.isReleased,
            """
            the graph through \(node.operation) was already differentiated and its saved tensors released: pass \
            retainGraph: true to the first gradients(of:wrt:) call to differentiate the same graph twice
            """)
    }

    /// The op's own result, rebuilt from the node (only for ops created with `savingOutput: true`).
    ///
    /// It carries the node itself, so a rule that uses it stays differentiable when the engine records.
    var output: Tensor {
        guard let storage = node.savedOutput else {
            preconditionFailure("\(node.operation) did not save its output but its backward rule reads it")
        }
        return Tensor(shape: node.shape, storage: storage, node: node)
    }
}

/// A backward rule: maps the output gradient to one gradient per input (`nil` where `needsGradient` is `false`).
///
/// Rules are written with ordinary ``Tensor`` ops, so when the engine runs them with recording on they build
/// graph nodes themselves and the gradients they return can be differentiated again. Rules must not capture
/// tensors (only metadata such as shapes or axes): tensors they need go in the node's `saved` list, which keeps
/// graph teardown iterative.
typealias BackwardRule = (BackwardContext) -> [Tensor?]

/// One recorded op in the autodiff graph: the op's output and how to send its gradient to the op's inputs.
///
/// A leaf node (a tensor that ``Tensor/requiringGradient()`` marked) has no parents and no rule. Nodes are created
/// only while ``GradientRecording`` is enabled and at least one input already has a node.
final class GraphNode: @unchecked Sendable {
    /// Name of the op, for diagnostics.
    let operation: StaticString
    /// Shape of the op's output.
    let shape: [Int]
    /// The node of each input (`nil` for inputs that are constants).
    private(set) var parents: [GraphNode?]
    /// Tensors the rule needs (inputs, with their nodes so that second derivatives flow through them).
    private(set) var saved: [Tensor]
    /// The op's output storage, kept only when the rule needs it.
    private(set) var savedOutput: TensorStorage?
    /// Whether a backward pass without `retainGraph` has already released the saved tensors.
    private(set) var isReleased = false
    /// The backward rule; `nil` for leaves.
    let rule: BackwardRule?
    /// Creation order: every node's number is larger than its parents' (they exist before it), so a node numbered
    /// below all of a backward pass' targets cannot lie between them and the output, and the pass skips it.
    let sequenceNumber: UInt64

    init(
        operation: StaticString, shape: [Int], parents: [GraphNode?], saved: [Tensor],
        savedOutput: TensorStorage?, rule: BackwardRule?
    ) {
        self.operation = operation
        self.shape = shape
        self.parents = parents
        self.saved = saved
        self.savedOutput = savedOutput
        self.rule = rule
        sequenceNumber = nodesCreated.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// A fresh leaf node for a tensor of the given shape.
    static func leaf(shape: [Int]) -> GraphNode {
        GraphNode(operation: "leaf", shape: shape, parents: [], saved: [], savedOutput: nil, rule: nil)
    }

    /// Whether this node starts a graph (a marked input or parameter).
    var isLeaf: Bool { rule == nil }

    /// Drops the tensors kept for the backward rule, once a backward pass that does not retain the graph has used
    /// them (their memory returns to the buffer cache right away, which lowers the peak of a training step).
    func releaseSavedTensors() {
        guard rule != nil else { return }
        saved = []
        savedOutput = nil
        isReleased = true
    }

    /// Hands over the references to other nodes so that they can be released without recursion.
    private func detachEdges() -> [GraphNode] {
        var edges = parents.compactMap { $0 }
        edges.append(contentsOf: saved.compactMap(\.node))
        parents = []
        saved = []
        return edges
    }

    // A long chain of nodes released recursively would overflow the stack (graphs of unrolled integrators are
    // thousands of ops deep). Instead, nodes that only we reference are dismantled here with an explicit stack.
    deinit {
        guard !parents.isEmpty || !saved.isEmpty else { return }
        var pending = detachEdges()
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) {
                pending.append(contentsOf: node.detachEdges())
            }
        }
    }
}

/// The count of graph nodes created so far in the process (the source of ``GraphNode/sequenceNumber``).
private let nodesCreated = Atomic<UInt64>(0)
