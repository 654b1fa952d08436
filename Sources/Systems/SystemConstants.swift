/// The value of one physical constant: a number, or a list of numbers (one per body).
public enum ConstantValue: Sendable, Equatable, Codable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral
{
    case number(Double)
    case list([Double])

    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(arrayLiteral elements: Double...) { self = .list(elements) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .list(try container.decode([Double].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .list(let list): try container.encode(list)
        }
    }

    /// Every number of the value.
    public var numbers: [Double] {
        switch self {
        case .number(let number): [number]
        case .list(let list): list
        }
    }

    /// Whether this is a list (one number per body) rather than one number.
    public var isList: Bool {
        if case .list = self { return true }
        return false
    }

    /// The value as text: `0.5` or `[1, 1]`.
    public var text: String {
        switch self {
        case .number(let number): number.shortText
        case .list(let list): "[" + list.map(\.shortText).joined(separator: ", ") + "]"
        }
    }
}

/// The physical constants of a system by their spec keys (`mass`, `length`, `masses`, ...). Keys left out take the
/// standard values of the system's descriptor.
public struct SystemConstants: Sendable, Equatable, Codable, ExpressibleByDictionaryLiteral {
    /// The values set, by key.
    public var values: [String: ConstantValue]

    public init(_ values: [String: ConstantValue] = [:]) {
        self.values = values
    }

    public init(dictionaryLiteral elements: (String, ConstantValue)...) {
        self.values = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: ConstantValue].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }

    /// The value of `key`, if set.
    public subscript(key: String) -> ConstantValue? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// The standard constants of a system.
    public static func standard(for descriptor: some SystemDescriptor) -> SystemConstants {
        SystemConstants(Dictionary(uniqueKeysWithValues: descriptor.constants.map { ($0.key, $0.standard) }))
    }

    /// These constants with every key of `descriptor` that is not set taken from its standard values.
    public func resolved(for descriptor: some SystemDescriptor) -> SystemConstants {
        var result = SystemConstants.standard(for: descriptor)
        for (key, value) in values { result.values[key] = value }
        return result
    }

    /// The number stored under `key` (`nan` when the key is missing or holds a list).
    public func number(_ key: String) -> Double {
        if case .number(let number) = values[key] { return number }
        return .nan
    }

    /// The list stored under `key` (empty when the key is missing or holds a number).
    public func list(_ key: String) -> [Double] {
        if case .list(let list) = values[key] { return list }
        return []
    }
}
