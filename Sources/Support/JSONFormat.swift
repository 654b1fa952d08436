import Foundation

/// The one JSON convention of every file the suite writes besides dataset specs and manifests (run records, cell
/// results, tables, study reports, JSON lines): keys in snake_case (Swift's camelCase property names converted),
/// sorted, slashes unescaped, and non-finite numbers as the strings `inf`, `-inf` and `nan`. Every such file carries
/// a `schema_version`. (Dataset specs and manifests are snake_case by their own explicit keys.)
public enum JSONFormat {
    /// The encoder: pretty-printed for files people read, compact for JSON lines.
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting =
            pretty
            ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// The decoder of files written by ``encoder(pretty:)``.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
