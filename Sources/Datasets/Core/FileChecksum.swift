import Crypto
import Foundation

/// SHA-256 checksums of dataset files, as `manifest.json` records them and `sha256sum` or Python's `hashlib` print
/// them (64 lower-case hexadecimal digits).
///
/// The hashing itself is swift-crypto's `SHA256` (BoringSSL's implementation on Linux, CryptoKit's on Apple
/// platforms); this type only streams a file through it in blocks of 1 MiB, so a shard of any size is hashed in
/// constant memory.
///
/// ```swift
/// try FileChecksum.sha256(ofFileAt: "data/pendulum/train-00000-of-00008.h5")   // "3f1c…"
/// FileChecksum.sha256(of: Array("abc".utf8))   // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// ```
public enum FileChecksum {
    /// Bytes read from a file per step.
    public static let blockByteCount = 1 << 20

    /// What went wrong reading a file to hash; each message says what to do.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The file could not be opened.
        case cannotOpen(path: String, reason: String)
        /// Reading failed part-way.
        case cannotRead(path: String, reason: String)

        /// What went wrong and what to do about it.
        public var description: String {
            switch self {
            case .cannotOpen(let path, let reason):
                "cannot open \(path) to compute its SHA-256: \(reason). Check the path and its read permission."
            case .cannotRead(let path, let reason):
                "reading \(path) failed while computing its SHA-256: \(reason). Check the disk and retry."
            }
        }
    }

    /// The lower-case hexadecimal SHA-256 of `bytes`.
    public static func sha256(of bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// The lower-case hexadecimal SHA-256 of the file at `path`, read in blocks of ``blockByteCount`` bytes.
    ///
    /// - Throws: ``Failure``.
    /// - Complexity: O(file size) time, one block of memory.
    public static func sha256(ofFileAt path: String) throws(Failure) -> String {
        guard let file = fopen(path, "rb") else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var hasher = SHA256()
        var block = [UInt8](repeating: 0, count: blockByteCount)
        while true {
            let count = block.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 {
                block.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            }
            if count < blockByteCount {
                if ferror(file) != 0 { throw .cannotRead(path: path, reason: String(cString: strerror(errno))) }
                break
            }
        }
        return hex(hasher.finalize())
    }

    /// Lower-case hexadecimal text of a digest, two digits per byte.
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
