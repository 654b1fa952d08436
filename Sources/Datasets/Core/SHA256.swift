import Foundation

/// Streaming SHA-256 (FIPS 180-4), for the checksums that `manifest.json` records for every shard.
///
/// Feed bytes in pieces of any size with ``update(_:)-(UnsafeRawBufferPointer)``, then read the 32-byte digest with
/// ``finalize()``; ``hexDigest(ofFileAt:)`` does both for a whole file. The digest of a file is the same however its
/// bytes were split.
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(Array("abc".utf8))
/// SHA256.hexString(hasher.finalize())   // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// ```
public struct SHA256: Sendable {
    /// Length of a digest in bytes.
    public static let digestByteCount = 32
    /// Length of the blocks the compression function consumes, in bytes.
    public static let blockByteCount = 64

    /// What went wrong reading a file to hash; each message says what to do.
    public enum FileError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The file could not be opened.
        case cannotOpen(path: String, reason: String)
        /// Reading failed part-way.
        case cannotRead(path: String, reason: String)

        /// What went wrong and what to do about it.
        public var description: String {
            switch self {
            case let .cannotOpen(path, reason):
                "cannot open \(path) to compute its SHA-256: \(reason). Check the path and its read permission."
            case let .cannotRead(path, reason):
                "reading \(path) failed while computing its SHA-256: \(reason). Check the disk and retry."
            }
        }
    }

    /// The eight working words h0...h7.
    private var state: SIMD8<UInt32> = SHA256.initialState
    /// Bytes received but not yet compressed: fewer than one block.
    private var pending: [UInt8] = []
    /// Total bytes received.
    private var messageByteCount: UInt64 = 0

    /// A hasher that has seen no bytes.
    public init() {
        pending.reserveCapacity(SHA256.blockByteCount)
    }

    /// Adds `bytes` to the message.
    ///
    /// - Complexity: O(`bytes.count`); whole blocks are hashed straight from `bytes`, without copying.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        messageByteCount &+= UInt64(bytes.count)
        var rest = bytes[...]
        if !pending.isEmpty {
            let taken = min(SHA256.blockByteCount - pending.count, rest.count)
            pending += rest.prefix(taken)
            rest = rest.dropFirst(taken)
            guard pending.count == SHA256.blockByteCount else { return }
            pending.withUnsafeBytes { block in SHA256.compress(&state, blocks: block) }
            pending.removeAll(keepingCapacity: true)
        }
        let wholeBytes = rest.count - rest.count % SHA256.blockByteCount
        if wholeBytes > 0 {
            SHA256.compress(&state, blocks: UnsafeRawBufferPointer(rebasing: rest.prefix(wholeBytes)))
        }
        pending += rest.dropFirst(wholeBytes)
    }

    /// Adds the bytes of an array to the message; see ``update(_:)-(UnsafeRawBufferPointer)``.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The 32-byte digest of everything added so far. The hasher itself is unchanged, so more bytes may follow.
    ///
    /// - Complexity: O(1).
    public func finalize() -> [UInt8] {
        var state = self.state
        // Padding: a 1 bit, zeros up to 8 bytes short of a block boundary, the message length in bits (big-endian).
        var tail = pending
        tail.append(0x80)
        let zeroCount = (SHA256.blockByteCount - (tail.count + 8) % SHA256.blockByteCount) % SHA256.blockByteCount
        tail += repeatElement(0, count: zeroCount)
        let bitCount = messageByteCount &* 8
        tail += (0..<8).map { UInt8(truncatingIfNeeded: bitCount >> (56 - 8 * $0)) }
        tail.withUnsafeBytes { blocks in SHA256.compress(&state, blocks: blocks) }
        return (0..<8).flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: state[word] >> (24 - 8 * $0)) } }
    }

    /// The digest of `bytes` in one call.
    public static func digest(of bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Lower-case hexadecimal text of `digest` (64 characters for a SHA-256 digest), as `sha256sum` prints it.
    public static func hexString(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(digest.count * 2)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The lower-case hexadecimal SHA-256 of the file at `path`, read in blocks of 1 MiB.
    ///
    /// - Throws: ``FileError``.
    /// - Complexity: O(file size) time, 1 MiB of memory.
    public static func hexDigest(ofFileAt path: String) throws(FileError) -> String {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw .cannotOpen(path: path, reason: error.localizedDescription)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let block: Data?
            do {
                block = try handle.read(upToCount: 1 << 20)
            } catch {
                throw .cannotRead(path: path, reason: error.localizedDescription)
            }
            guard let block, !block.isEmpty else { break }
            block.withUnsafeBytes { hasher.update($0) }
        }
        return hexString(hasher.finalize())
    }

    // MARK: The compression function

    private static let initialState = SIMD8<UInt32>(
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19)

    /// First 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    @inline(__always)
    private static func rotateRight(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

    /// One round of the compression function. Instead of shifting all eight working words along after every round,
    /// the caller rotates the roles of its variables, so a round only updates `d` and `h`.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ constantPlusWord: UInt32
    ) {
        let bigSigma1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)
        let choose = g ^ (e & (f ^ g))
        let t1 = h &+ bigSigma1 &+ choose &+ constantPlusWord
        let bigSigma0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)
        let majority = (a & b) | (c & (a | b))
        d = d &+ t1
        h = t1 &+ bigSigma0 &+ majority
    }

    /// Runs the compression function over `blocks`, whose length is a multiple of 64 bytes.
    private static func compress(_ state: inout SIMD8<UInt32>, blocks: UnsafeRawBufferPointer) {
        precondition(blocks.count % blockByteCount == 0, "SHA256.compress takes whole blocks")
        roundConstants.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
                for blockStart in stride(from: 0, to: blocks.count, by: blockByteCount) {
                    // Message schedule.
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: blocks.loadUnaligned(fromByteOffset: blockStart + 4 * t, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let x = w[t - 15], y = w[t - 2]
                        let sigma0 = rotateRight(x, 7) ^ rotateRight(x, 18) ^ (x &>> 3)
                        let sigma1 = rotateRight(y, 17) ^ rotateRight(y, 19) ^ (y &>> 10)
                        w[t] = w[t - 16] &+ sigma0 &+ w[t - 7] &+ sigma1
                    }
                    // 64 rounds, eight at a time with the roles of the working words rotated.
                    let (a0, b0, c0, d0, e0, f0, g0, h0) = (a, b, c, d, e, f, g, h)
                    for t in stride(from: 0, to: 64, by: 8) {
                        round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
                        round(h, a, b, &c, d, e, f, &g, k[t + 1] &+ w[t + 1])
                        round(g, h, a, &b, c, d, e, &f, k[t + 2] &+ w[t + 2])
                        round(f, g, h, &a, b, c, d, &e, k[t + 3] &+ w[t + 3])
                        round(e, f, g, &h, a, b, c, &d, k[t + 4] &+ w[t + 4])
                        round(d, e, f, &g, h, a, b, &c, k[t + 5] &+ w[t + 5])
                        round(c, d, e, &f, g, h, a, &b, k[t + 6] &+ w[t + 6])
                        round(b, c, d, &e, f, g, h, &a, k[t + 7] &+ w[t + 7])
                    }
                    (a, b, c, d) = (a &+ a0, b &+ b0, c &+ c0, d &+ d0)
                    (e, f, g, h) = (e &+ e0, f &+ f0, g &+ g0, h &+ h0)
                }
                state = SIMD8(a, b, c, d, e, f, g, h)
            }
        }
    }
}
