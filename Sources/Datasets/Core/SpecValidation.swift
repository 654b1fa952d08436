import Foundation

/// Checks and error texts shared by every spec type (``DatasetSpec``, ``DensitySpec``): each failure names the
/// offending JSON key.

func requirePositive(_ value: Double, _ field: String) throws(DatasetError) {
    guard value.isFinite, value > 0 else {
        throw .invalidSpec(field: field, reason: "must be a finite number > 0 (got \(value))")
    }
}

func requirePositive(_ value: Int, _ field: String) throws(DatasetError) {
    guard value > 0 else { throw .invalidSpec(field: field, reason: "must be > 0 (got \(value))") }
}

func requireFinite(_ value: Double, _ field: String, atLeast lower: Double) throws(DatasetError) {
    guard value.isFinite, value >= lower else {
        throw .invalidSpec(field: field, reason: "must be a finite number >= \(lower) (got \(value))")
    }
}

/// A coding key for any string, used to list the keys a JSON object actually has.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Throws ``DatasetError/invalidSpec(field:reason:)`` for the first key of the decoder's JSON object that is not allowed.
func rejectUnknownKeys(in decoder: any Decoder, allowed: [String], context: String? = nil) throws {
    let container = try decoder.container(keyedBy: AnyCodingKey.self)
    let allowedSet = Set(allowed)
    for key in container.allKeys.map(\.stringValue).sorted() where !allowedSet.contains(key) {
        let field = context.map { "\($0).\(key)" } ?? key
        throw DatasetError.invalidSpec(
            field: field, reason: "is not a known key (known here: \(allowed.joined(separator: ", ")))")
    }
}

/// One line describing a JSON decoding failure, naming the key path.
func describe(_ error: DecodingError) -> String {
    func path(_ codingPath: [any CodingKey]) -> String {
        let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return text.isEmpty ? "the top level" : "'\(text)'"
    }
    switch error {
    case .typeMismatch(let type, let context):
        return "\(path(context.codingPath)) must be \(typeName(type))"
    case .valueNotFound(let type, let context):
        return "\(path(context.codingPath)) must be \(typeName(type)), found null"
    case .keyNotFound(let key, let context):
        return "missing required key '\(key.stringValue)' in \(path(context.codingPath))"
    case .dataCorrupted(let context):
        if context.codingPath.isEmpty { return "not valid JSON (\(context.debugDescription))" }
        return "\(path(context.codingPath)): \(context.debugDescription)"
    @unknown default:
        return "\(error)"
    }
}

private func typeName(_ type: Any.Type) -> String {
    switch type {
    case is Double.Type, is Float.Type: return "a number"
    case is Int.Type, is UInt64.Type: return "an integer"
    case is String.Type: return "a string"
    case is Bool.Type: return "true or false"
    default:
        let name = "\(type)"
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "an object" }
        return "a \(name)"
    }
}
