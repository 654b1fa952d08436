import Foundation

/// A dataset recipe stored as JSON: in `spec.json`, in every shard's `spec_json` attribute, and in spec files users
/// write. Conforming types get the canonical text and the parser with errors that name the offending key.
public protocol SpecJSON: Codable {
    /// Throws the first field that is out of range, naming it.
    func validate() throws(DatasetError)
}

extension SpecJSON {
    /// The canonical JSON text of this spec (sorted keys), as stored in shards and `spec.json`.
    public func canonicalJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else {
            preconditionFailure("\(Self.self) is always encodable")
        }
        return text
    }

    /// Parses a spec from JSON text, with errors that name the offending key.
    public static func parse(json data: Data, source: String) throws(DatasetError) -> Self {
        do {
            return try JSONDecoder().decode(Self.self, from: data)
        } catch let error as DatasetError {
            throw error
        } catch let error as DecodingError {
            throw .unreadableSpec(path: source, reason: describe(error))
        } catch {
            throw .unreadableSpec(path: source, reason: "\(error)")
        }
    }
}
