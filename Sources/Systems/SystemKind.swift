/// A registered physical system, by name: what a dataset spec's `system` key and the `--system` options hold.
///
/// Two kinds are equal when their names are; the descriptor carries everything else.
public struct SystemKind: Hashable, Sendable, CustomStringConvertible, CaseIterable {
    /// The system's descriptor.
    public let descriptor: any SystemDescriptor

    /// The kind of a descriptor.
    public init(_ descriptor: any SystemDescriptor) {
        self.descriptor = descriptor
    }

    /// The kind of a registered system's name, or `nil` when none has that name.
    public init?(rawValue: String) {
        guard let descriptor = SystemRegistry.descriptor(named: rawValue) else { return nil }
        self.descriptor = descriptor
    }

    /// The kind of a registered system's name; an unknown name is an error that lists the known ones.
    public static func named(_ name: String) throws(UnknownSystemError) -> SystemKind {
        guard let kind = SystemKind(rawValue: name) else { throw UnknownSystemError(name: name) }
        return kind
    }

    /// The system's name, e.g. `pendulum`.
    public var rawValue: String { descriptor.name }
    public var description: String { rawValue }

    /// Every registered system, in display order.
    public static var allCases: [SystemKind] { SystemRegistry.all.map(SystemKind.init) }

    public static func == (lhs: SystemKind, rhs: SystemKind) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// The HGN pendulum.
    public static let pendulum = SystemKind(PendulumDescriptor())
    /// The HGN mass-spring.
    public static let massSpring = SystemKind(MassSpringDescriptor())
    /// The HGN two-body system.
    public static let twoBody = SystemKind(NBodyDescriptor.twoBody)
    /// The HGN three-body system.
    public static let threeBody = SystemKind(NBodyDescriptor.threeBody)
}

extension SystemKind: Codable {
    /// Decodes a registered system's name; an unknown name is an error that lists the known ones.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let kind = SystemKind(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription:
                    "unknown system '\(name)'; known systems: \(SystemRegistry.names.joined(separator: ", "))")
        }
        self = kind
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A system name that no registered descriptor has.
public struct UnknownSystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The name that was not recognised.
    public var name: String

    public init(name: String) {
        self.name = name
    }

    public var description: String {
        "unknown system '\(name)'; known systems: \(SystemRegistry.names.joined(separator: ", "))"
    }
}
