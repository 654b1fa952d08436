import Foundation
import Testing

@testable import Datasets

/// The manifest's SHA-256 (swift-crypto, streamed in 1 MiB blocks) gives the digests the hand-written implementation
/// gave before it and that Python's hashlib gives.
@Suite("File checksums")
struct FileChecksumTests {
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
        #expect(FileChecksum.sha256(of: Array(message.utf8)) == expected)
    }

    @Test func millionLetterA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(FileChecksum.sha256(of: message) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
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
        #expect(FileChecksum.sha256(of: message) == expected)
    }

    /// Files around the 1 MiB read block (empty, one byte, one block minus, exactly and plus one byte, three blocks,
    /// and 2.5 MiB + 123 bytes) of the bytes `(7 i + 3) mod 256`, against `hashlib.sha256(...).hexdigest()`.
    @Test(arguments: [
        (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (1, "084fed08b978af4d7d196a7446a86b58009e636b611db16211b65a9aadff29c5"),
        ((1 << 20) - 1, "9487450cca5e9cca35dbef99a45b4c727652508e60210c77c3f41a527328e02a"),
        (1 << 20, "172c15dc2e12b50e523d8e657cbe7fbb11c1053252bbf1e1431077d57d8128fd"),
        ((1 << 20) + 1, "75059752ce0b546127d584a3992627babb59950933c6d82d10ad46fec48e7c96"),
        (3 << 20, "afc1870aca87b6a47c1b53dd68ab77b780493a1a4d67a6cf9fe145dcb3233257"),
        ((5 << 19) + 123, "421ac8bb8762921a128ac9ffd39944fe66f31cd785f5baa624131d920f879198"),
    ])
    func fileDigestMatchesHashlib(length: Int, expected: String) throws {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("checksum-test-\(ProcessInfo.processInfo.processIdentifier)-\(length).bin").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try FileChecksum.sha256(ofFileAt: path) == expected)
        #expect(FileChecksum.sha256(of: bytes) == expected)
    }

    @Test func missingFileIsATypedError() {
        let path = "/nonexistent-directory-for-checksum-test/file.h5"
        #expect {
            try FileChecksum.sha256(ofFileAt: path)
        } throws: { error in
            guard case .cannotOpen(let reported, _) = error as? FileChecksum.Failure else { return false }
            return reported == path
        }
    }

    @Test func aFolderIsATypedErrorNotACrash() {
        #expect(throws: FileChecksum.Failure.self) {
            try FileChecksum.sha256(ofFileAt: FileManager.default.temporaryDirectory.path)
        }
    }

    @Test func hexIsLowerCaseTwoDigitsPerByte() {
        #expect(FileChecksum.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    }
}
