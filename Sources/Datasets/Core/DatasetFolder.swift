import Foundation
import Support

/// The files of a dataset folder being generated: `spec.json`, shards moved into place when complete, and atomic
/// writes. Used by ``DensityGenerator``; the rules are those of ``DatasetGenerator``.
struct DatasetFolder {
    let path: String

    /// The path of `file` inside the folder.
    func path(of file: String) -> String { (path as NSString).appendingPathComponent(file) }

    /// Whether `file` exists (complete shards exist only under their final name).
    func contains(_ file: String) -> Bool { FileManager.default.fileExists(atPath: path(of: file)) }

    /// Size of `file` in bytes (0 when missing).
    func fileSize(_ file: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path(of: file)))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// The names of the folder's files, sorted (none when the folder does not exist).
    func fileNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// Shard files of `splits` (complete or temporary) that are no file of `plan`: shards cut by another plan, that is
    /// another `--shards`.
    func shardsOfAnotherPlan(splits: [String], plan: [ShardPlan.Shard]) -> [String] {
        let planned = Set(plan.map { "\($0.split) \($0.index) \($0.count)" })
        return fileNames().filter { file in
            guard let parsed = ShardPlan.parseFileName(file), splits.contains(parsed.split) else { return false }
            return !planned.contains("\(parsed.split) \(parsed.index) \(parsed.count)")
        }
    }

    /// Refuses to add shards of `plan` to a folder holding shards of another plan: the two would never make a dataset.
    func refuseAnotherPlan(splits: [String], plan: [ShardPlan.Shard]) throws(DatasetError) {
        let foreign = shardsOfAnotherPlan(splits: splits, plan: plan)
        if !foreign.isEmpty { throw .planMismatch(path: path, files: foreign) }
    }

    /// Lower-case hex SHA-256 of `file`.
    func sha256(of file: String) throws(DatasetError) -> String {
        do {
            return try FileChecksum.sha256(ofFileAt: path(of: file))
        } catch {
            throw .io(path: path(of: file), reason: "cannot checksum: \(error)")
        }
    }

    /// Creates the folder and records the spec, or checks that an existing folder was made from the same spec.
    ///
    /// The check and the creation happen under the claim of `spec.json` (``FolderClaims``), and the file is created
    /// only where none exists (``AtomicFile/create(_:at:)``), so of two runs with different specs starting together
    /// into one folder, the second always finds the first's spec and refuses: the folder never mixes two datasets.
    func prepare(specJSON text: String, claims: FolderClaims) throws(DatasetError) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .unwritableOutput(path: path, reason: error.localizedDescription)
        }
        guard fm.isWritableFile(atPath: path) else { throw .unwritableOutput(path: path, reason: "permission denied") }
        let claim = try claims.claim("spec.json")
        defer { claim.release() }
        let specPath = path(of: "spec.json")
        let created: Bool
        do {
            created = try AtomicFile.create(Data(text.utf8), at: specPath)
        } catch {
            throw DatasetError(error)
        }
        if !created, (try? String(contentsOfFile: specPath, encoding: .utf8)) != text {
            throw .specMismatch(path: path)
        }
    }

    /// Writes `data` to `file` through a temporary file and a rename (``AtomicFile``).
    func writeAtomically(_ data: Data, to file: String) throws(DatasetError) {
        do {
            try AtomicFile.write(data, to: path(of: file))
        } catch {
            throw DatasetError(error)
        }
    }

    /// Renames the complete file at `temporary` (a path) to `file`, replacing it: the last step of every write.
    func moveIntoPlace(_ temporary: String, as file: String) throws(DatasetError) {
        do {
            try AtomicFile.moveIntoPlace(temporary, as: path(of: file))
        } catch {
            throw DatasetError(error)
        }
    }
}
