import Crypto
import Foundation

/// The SHA-256 a checkpoint carries in its HDF5 user block, checked before libhdf5 parses the file.
///
/// libhdf5 1.10 trusts the structures it reads: a checkpoint with a few flipped bits made `H5Aread` copy past its
/// buffer (a global heap's object size) and crash the trainer, which the fuzzer of `Tests/faults` found. So every
/// checkpoint is written with a 512-byte user block (the bytes at the start of an HDF5 file that libhdf5 leaves to
/// the application; h5py and every HDF5 reader skip them) holding the SHA-256 of the rest of the file, and
/// ``Checkpoint/load(from:into:optimizer:strict:)`` compares it before opening the file. A checkpoint that differs
/// from what was written is reported as damaged, with what to do, and never reaches libhdf5.
///
/// The block reads `HamiltonianSuite checkpoint sha256 <64 hex digits>\n`, then zeros. A file that does not start
/// with it (a checkpoint written before the seal existed, another HDF5 file) is opened as before, unchecked.
enum CheckpointSeal {
    /// Bytes of the user block.
    static let userBlockSize = 512
    /// The text that starts a sealed checkpoint.
    static let marker = "HamiltonianSuite checkpoint sha256 "

    /// Writes the seal of the complete (closed) file at `path`: the SHA-256 of its bytes after the user block.
    /// Errors name `checkpoint`, the file being written.
    static func seal(_ path: String, naming checkpoint: String) throws(CheckpointError) {
        guard let digest = digest(ofFileAt: path) else {
            throw .writeFailed(path: checkpoint, reason: "cannot read it back: \(String(cString: strerror(errno)))")
        }
        let text = Array((marker + digest + "\n").utf8)
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .writeFailed(path: checkpoint, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard pwrite(descriptor, text, text.count, 0) == text.count else {
            throw .writeFailed(path: checkpoint, reason: String(cString: strerror(errno)))
        }
    }

    /// Checks the seal of the checkpoint at `path` (a file without one is left unchecked).
    /// - Throws: ``CheckpointError/damaged(path:reason:)`` when the file is not what was written.
    static func verify(_ path: String) throws(CheckpointError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }  // opening reports what is wrong
        let block = (try? handle.read(upToCount: userBlockSize)) ?? Data()
        try? handle.close()
        let prefix = Array(marker.utf8)
        guard block.starts(with: prefix) else { return }  // unsealed: an older checkpoint, or another HDF5 file
        let recorded = String(decoding: block.dropFirst(prefix.count).prefix(64), as: UTF8.self)
        guard let actual = digest(ofFileAt: path) else {
            throw .damaged(path: path, reason: "it cannot be read: \(String(cString: strerror(errno)))")
        }
        guard actual == recorded else {
            throw .damaged(path: path, reason: "its content does not match the SHA-256 it was written with")
        }
    }

    /// The lower-case hexadecimal SHA-256 (swift-crypto) of the file's bytes after the user block, read 1 MiB at a
    /// time; nil when the file cannot be read.
    private static func digest(ofFileAt path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        guard fseek(file, userBlockSize, SEEK_SET) == 0 else { return nil }
        var hasher = SHA256()
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = block.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 {
                block.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            }
            if count < block.count { break }
        }
        guard ferror(file) == 0 else { return nil }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
