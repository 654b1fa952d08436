import Foundation
import Testing

@testable import Datasets

@Suite("SHA-256")
struct SHA256Tests {
    /// The test vectors of FIPS 180-2 (appendix B) and the NIST examples.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func fipsVectors(message: String, expected: String) {
        #expect(SHA256.hexString(SHA256.digest(of: Array(message.utf8))) == expected)
    }

    @Test func millionLetterA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(
            SHA256.hexString(SHA256.digest(of: message))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding boundaries (55 bytes fit one block with the length, 56 need two), against
    /// Python's hashlib on the bytes `i % 251`.
    @Test(arguments: [
        (55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"),
        (56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"),
        (57, "2fe741af801cc238602ac0ec6a7b0c3a8a87c7fc7d7f02a3fe03d1c12eac4d8f"),
        (63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"),
        (64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"),
        (65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"),
        (119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"),
        (120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"),
    ])
    func paddingBoundaries(length: Int, expected: String) {
        let message = (0..<length).map { UInt8($0 % 251) }
        #expect(SHA256.hexString(SHA256.digest(of: message)) == expected)
    }

    /// The digest does not depend on how the message is cut into updates.
    @Test(arguments: [1, 3, 63, 64, 65, 100, 1000])
    func chunkingDoesNotMatter(chunkSize: Int) {
        let message = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var hasher = SHA256()
        var start = 0
        while start < message.count {
            let end = min(start + chunkSize, message.count)
            hasher.update(Array(message[start..<end]))
            start = end
        }
        #expect(hasher.finalize() == SHA256.digest(of: message))
    }

    @Test func finalizeLeavesTheHasherUsable() {
        var hasher = SHA256()
        hasher.update(Array("ab".utf8))
        let early = hasher.finalize()
        #expect(hasher.finalize() == early)
        #expect(early == SHA256.digest(of: Array("ab".utf8)))
        hasher.update(Array("c".utf8))
        #expect(
            SHA256.hexString(hasher.finalize())
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(early.count == SHA256.digestByteCount)
    }

    /// A file longer than the 1 MiB read block and not a multiple of it, against Python's hashlib.
    @Test func fileDigestMatchesHashlib() throws {
        let length = (5 << 19) + 123
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sha256-test-\(ProcessInfo.processInfo.processIdentifier).bin").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            try SHA256.hexDigest(ofFileAt: path)
                == "421ac8bb8762921a128ac9ffd39944fe66f31cd785f5baa624131d920f879198")
    }

    @Test func missingFileIsATypedError() {
        let path = "/nonexistent-directory-for-sha256-test/file.h5"
        #expect {
            try SHA256.hexDigest(ofFileAt: path)
        } throws: { error in
            guard case .cannotOpen(let reported, _) = error as? SHA256.FileError else { return false }
            return reported == path
        }
    }

    @Test func hexStringIsLowerCaseTwoDigitsPerByte() {
        #expect(SHA256.hexString([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    }
}

/// Throughput, not a proof: skipped unless `HAMILTONIAN_BENCHMARKS=1`. Run in a release build, one suite at a time:
/// `swift build -c release --build-tests -Xswiftc -enable-testing`, then
/// `HAMILTONIAN_BENCHMARKS=1 swift test -c release --skip-build --filter SHA256Benchmarks`.
@Suite("SHA-256 benchmarks", .serialized, .enabled(if: ProcessInfo.processInfo.environment["HAMILTONIAN_BENCHMARKS"] == "1"))
struct SHA256Benchmarks {
    @Test func throughput() throws {
        let size = 64 << 20
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        func megabytesPerSecond(_ work: () throws -> Void) rethrows -> Double {
            let start = ContinuousClock.now
            try work()
            let elapsed = ContinuousClock.now - start
            return Double(size) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18) / 1e6
        }
        let inMemory = megabytesPerSecond { _ = SHA256.digest(of: bytes) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sha256-benchmark.bin").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try megabytesPerSecond { _ = try SHA256.hexDigest(ofFileAt: path) }
        print("SHA-256 of 64 MiB: \(Int(inMemory)) MB/s in memory, \(Int(fromFile)) MB/s from a file (page cache)")
    }
}
