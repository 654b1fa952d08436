import SeededRandom

/// The ordered, named parameters of a model: what optimisers update and checkpoints save.
///
/// Build it while constructing the model, through scopes that prefix names:
/// ```swift
/// let parameters = ParameterCollection()
/// var generator = SeededGenerator(seed: 1)
/// let conv1 = parameters.scope("encoder").scope("conv1")
/// let weight = conv1.makeParameter("weight", shape: [3, 3, 3, 64], initializer: .heUniform, using: &generator)
/// let bias = conv1.makeParameter("bias", shape: [64], initializer: .zeros, using: &generator)
/// ```
/// Parameters keep their insertion order, which is the order of ``values`` (and of the gradients an optimiser
/// expects).
public final class ParameterCollection: @unchecked Sendable {
    /// The parameters, in insertion order.
    public private(set) var parameters: [Parameter] = []
    private var indexByName: [String: Int] = [:]

    /// An empty collection.
    public init() {}

    /// Registers an existing parameter. O(1).
    ///
    /// - Precondition: no parameter of the same name is registered.
    public func add(_ parameter: Parameter) {
        precondition(indexByName[parameter.name] == nil, "a parameter named \(parameter.name) already exists")
        indexByName[parameter.name] = parameters.count
        parameters.append(parameter)
    }

    /// Creates a parameter initialised by `initializer`, registers it and returns it.
    @discardableResult
    public func makeParameter<G: RandomNumberGenerator>(
        _ name: String, shape: [Int], initializer: Initializer, dtype: DType = .float32, using generator: inout G
    ) -> Parameter {
        let parameter = Parameter(
            name: name, value: initializer.makeTensor(shape: shape, dtype: dtype, using: &generator))
        add(parameter)
        return parameter
    }

    /// A view that prefixes names with `prefix` and a dot.
    public func scope(_ prefix: String) -> ParameterScope { ParameterScope(collection: self, prefix: prefix) }

    /// The parameter called `name`, if any. O(1).
    public subscript(name: String) -> Parameter? { indexByName[name].map { parameters[$0] } }

    /// Number of parameters (tensors).
    public var count: Int { parameters.count }

    /// Number of scalars over all parameters.
    public var scalarCount: Int { parameters.reduce(0) { $0 + $1.scalarCount } }

    /// Number of scalars in the parameters whose name starts with `prefix` (e.g. `"encoder."`).
    public func scalarCount(withPrefix prefix: String) -> Int {
        parameters.filter { $0.name.hasPrefix(prefix) }.reduce(0) { $0 + $1.scalarCount }
    }

    /// The current values, in order: pass them as `wrt` to ``gradients(of:wrt:seed:createGraph:retainGraph:)``.
    public var values: [Tensor] { parameters.map(\.value) }

    /// The names, in order.
    public var names: [String] { parameters.map(\.name) }
}

/// A prefix for parameter names inside a ``ParameterCollection`` (`scope("encoder").scope("conv1")` creates names
/// like `"encoder.conv1.weight"`).
public struct ParameterScope: Sendable {
    /// The collection parameters are registered in.
    public let collection: ParameterCollection
    /// The dotted prefix (without the trailing dot).
    public let prefix: String

    /// A nested scope.
    public func scope(_ name: String) -> ParameterScope {
        ParameterScope(collection: collection, prefix: "\(prefix).\(name)")
    }

    /// Creates and registers the parameter `prefix.name`.
    @discardableResult
    public func makeParameter<G: RandomNumberGenerator>(
        _ name: String, shape: [Int], initializer: Initializer, dtype: DType = .float32, using generator: inout G
    ) -> Parameter {
        collection.makeParameter(
            "\(prefix).\(name)", shape: shape, initializer: initializer, dtype: dtype,
            using: &generator)
    }
}

extension ParameterCollection {
    /// The bit pattern of every float32 scalar of every parameter, by name: what bitwise reproducibility checks compare.
    public var bitPatterns: [String: [UInt32]] {
        Dictionary(
            uniqueKeysWithValues: parameters.map { parameter in
                (parameter.name, parameter.value.scalars(as: Float.self).map(\.bitPattern))
            })
    }
}
