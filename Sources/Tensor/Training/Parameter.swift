/// A trainable tensor with a stable, dotted name (`"encoder.conv1.weight"`).
///
/// A reference type, so that a model's layers and its optimiser share it: layers read ``value`` in their forward
/// pass, the optimiser updates it in place. The value is always a leaf of the autodiff graph, so
/// ``gradients(of:wrt:seed:createGraph:retainGraph:)`` can be taken with respect to it.
public final class Parameter: @unchecked Sendable {
    /// The name under which checkpoints store this parameter.
    public let name: String
    /// The current value (a graph leaf).
    public private(set) var value: Tensor

    /// A parameter holding `initialValue` (made a graph leaf).
    public init(name: String, value initialValue: Tensor) {
        self.name = name
        value = initialValue.requiringGradient()
    }

    /// Replaces the value (loading a checkpoint, for example). The shape and dtype must not change.
    public func assign(_ newValue: Tensor) {
        precondition(
            newValue.shape == value.shape && newValue.dtype == value.dtype,
            "\(name): cannot assign \(newValue.shape) \(newValue.dtype) to \(value.shape) \(value.dtype)")
        value = newValue.requiringGradient()
    }

    /// Shape of the value.
    public var shape: [Int] { value.shape }

    /// Number of scalars.
    public var scalarCount: Int { value.scalarCount }

    /// Updates the value in place (copying first if a live graph still shares the storage).
    func update<S: TensorScalar>(as type: S.Type, _ body: (UnsafeMutableBufferPointer<S>) -> Void) {
        value.withUnsafeMutableBufferPointer(as: S.self, body)
    }
}
