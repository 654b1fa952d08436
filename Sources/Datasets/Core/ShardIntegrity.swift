import Foundation
import Support

/// The check that a shard is the file its dataset's manifest describes, made before libhdf5 parses it.
///
/// libhdf5 1.10 trusts the structures it reads: a flipped bit in a global heap (where variable-length strings live)
/// made `H5Aread` copy past its buffer and crash the process, a crash the fuzzer of `Tests/faults` found. So a shard
/// listed in the `manifest.json` beside it is opened only if its size and SHA-256 are the ones the manifest records;
/// any other shard is reported as damaged (changed after generation: a disk error, an interrupted copy, two shards
/// swapped) with what to do, instead of reaching libhdf5. A shard with no manifest beside it (a file copied alone) is
/// opened as it is.
///
/// A file is hashed once per process while it stays unchanged under its name (same path, device, inode, size and
/// modification time), so opening a shard again (training reads, then evaluates) costs nothing more.
enum ShardIntegrity {
    /// What identifies an unchanged file under one name (a file renamed must match its new name's entry).
    private struct FileIdentity: Hashable {
        var path: String, device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var verified: Set<FileIdentity> = []

    /// Checks `path` against its folder's manifest, if one lists it.
    /// - Throws: ``DatasetError/notAShard(path:reason:)`` naming the mismatch.
    static func verify(_ path: String) throws(DatasetError) {
        guard let identity = identity(of: path), !lock.withLock({ verified.contains(identity) }),
            let listed = manifestEntry(for: path)
        else { return }
        guard let entry = listed else {
            throw .notAShard(
                path: path,
                reason:
                    "manifest.json lists it without a valid size and SHA-256, so it cannot be checked: regenerate the manifest (run the same `physgen generate` command again)"
            )
        }
        let advice =
            "it changed after generation (a damaged disk or copy, or shards swapped): restore it, or delete it and run the same `physgen generate` command again to rewrite it"
        guard Int64(entry.bytes) == identity.size else {
            throw .notAShard(
                path: path, reason: "it has \(identity.size) bytes, but manifest.json records \(entry.bytes); \(advice)"
            )
        }
        let digest: String
        do {
            digest = try FileChecksum.sha256(ofFileAt: path)
        } catch {
            throw .io(path: path, reason: "\(error)")
        }
        guard digest == entry.sha256 else {
            throw .notAShard(path: path, reason: "its SHA-256 is not the one manifest.json records; \(advice)")
        }
        _ = lock.withLock { verified.insert(identity) }
    }

    /// Refuses to record `digest` for a shard that the folder's manifest already lists with another SHA-256, unless
    /// this run wrote it (`rewritten`): a shard kept from an earlier run that changed since (a damaged disk or copy,
    /// shards swapped) must not be blessed into a new manifest by resuming. (Generation is deterministic, so a shard
    /// written again has the digest it had.)
    static func checkUnchanged(_ path: String, digest: String, rewritten: Bool) throws(DatasetError) {
        guard !rewritten, case let recorded?? = manifestEntry(for: path), recorded.sha256 != digest else { return }
        throw .notAShard(
            path: path,
            reason:
                "its SHA-256 differs from the one manifest.json recorded when it was generated: it changed since (a damaged disk or copy, or shards swapped); delete it and run the same `physgen generate` command again to rewrite it"
        )
    }

    /// Records that the file at `path`, as it is now, was checked (its digest computed by the caller matched).
    static func recordVerified(_ path: String) {
        guard let identity = identity(of: path) else { return }
        _ = lock.withLock { verified.insert(identity) }
    }

    private static func identity(of path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(
            path: path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec))
    }

    /// The size and SHA-256 that the manifest beside `path` records for it (nil inside when the entry lacks them),
    /// or nil when there is no readable manifest or it does not list the file (a manifest that cannot be parsed is
    /// reported by whoever reads it).
    private static func manifestEntry(for path: String) -> (bytes: Int, sha256: String)?? {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let manifestPath = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(
            DatasetKind.manifestFileName)
        guard let data = FileManager.default.contents(atPath: manifestPath),
            let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let splits = manifest["splits"] as? [[String: Any]]
        else { return nil }
        for split in splits {
            for shard in split["shards"] as? [[String: Any]] ?? [] where shard["file"] as? String == name {
                guard let bytes = shard["bytes"] as? Int, let sha256 = shard["sha256"] as? String else {
                    return .some(nil)
                }
                return (bytes, sha256)
            }
        }
        return nil
    }
}
