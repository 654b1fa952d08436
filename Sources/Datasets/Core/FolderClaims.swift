import Foundation
import Support

/// Which process writes which file of a dataset folder, when several generate into it at once: two
/// `physgen generate` of the same spec, or the tasks of a job array (`--shard I`).
///
/// A file (a shard, `spec.json`, `manifest.json`) is written only by the process that holds its claim: an exclusive
/// `flock` on `<file>.lock` (``FileLock``), released by the kernel if the process dies and removed when the file is
/// done. A process that finds a shard claimed writes the other shards first and comes back to it at the end: if the
/// other process finished it, it is skipped; if that process died, its claim is free and the shard is written. So
/// two runs share the shards between them, a job array's tasks never wait for each other, and one manifest comes out.
///
/// Correctness does not rest on the locks alone: every file is written under a temporary name unique to its process
/// (``AtomicFile/temporaryPath(for:)``) and renamed when complete, and a dataset's content depends on its spec only,
/// so even where the file system has no locks two writers of one shard produce the same bytes and the last rename
/// wins. What the locks add is that no work is done twice, and that temporary files left by a crashed run are removed
/// safely: only by the holder of their file's claim, since only a live holder can be writing one.
struct FolderClaims {
    let folder: String
    /// Temporary and lock files found in the folder when the run started, by the file they belong to.
    private var leftovers: [String: [String]] = [:]

    /// Lists the folder's leftovers (`<file>.partial…` temporaries and `<file>.lock` files of earlier runs).
    init(folder: String) {
        self.folder = folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names {
            if let range = name.range(of: ".partial") {
                leftovers[String(name[..<range.lowerBound]), default: []].append(name)
            } else if name.hasSuffix(".lock") {
                leftovers[String(name.dropLast(5)), default: []].append(name)
            }
        }
    }

    /// The path of `file` in the folder.
    func path(of file: String) -> String { (folder as NSString).appendingPathComponent(file) }

    /// Claims `file` if no other process holds it: the held claim (the file's leftovers removed), or nil.
    func tryClaim(_ file: String) throws(DatasetError) -> HeldFileLock? {
        let held: HeldFileLock?
        do {
            held = try FileLock(path: path(of: file) + ".lock").tryAcquire()
        } catch {
            throw .unwritableOutput(path: folder, reason: error.description)
        }
        if let held, held.isEffective { removeLeftovers(of: file) }
        return held
    }

    /// Claims `file`, waiting for another holder to finish (or die); a stop request ends the wait.
    func claim(_ file: String) throws(DatasetError) -> HeldFileLock {
        while true {
            if let held = try tryClaim(file) { return held }
            do { try StopRequest.check() } catch { throw .interrupted(signal: error.signal) }
            usleep(100_000)
        }
    }

    /// Removes the leftovers of files this run did not claim, where no other process holds their claim now.
    func sweep() {
        for file in leftovers.keys.sorted() {
            guard let held = try? tryClaim(file) else { continue }
            held.release()
        }
    }

    /// Removes the temporary files of `file` left by earlier runs (the caller holds its claim).
    private func removeLeftovers(of file: String) {
        for name in leftovers[file] ?? [] where !name.hasSuffix(".lock") {
            unlink(path(of: name))
        }
    }
}

/// The shards a run still has to write, handed out in plan order with their claims (``FolderClaims``): a shard
/// claimed by another process is put aside and handed out after the others, once its claim could be taken (the
/// other process finished it, then the caller finds it complete and skips it, or died).
struct ShardQueue {
    private var waiting: ArraySlice<ShardPlan.Shard>
    private var claimedElsewhere: ArraySlice<ShardPlan.Shard> = []

    init(_ shards: [ShardPlan.Shard]) {
        waiting = shards[...]
    }

    /// The next shard and its claim, or nil when every shard was handed out.
    mutating func next(_ claims: FolderClaims) throws(DatasetError) -> (shard: ShardPlan.Shard, claim: HeldFileLock)? {
        while let shard = waiting.popFirst() {
            try checkStopRequest()
            if let claim = try claims.tryClaim(shard.fileName) { return (shard, claim) }
            claimedElsewhere.append(shard)
        }
        guard let shard = claimedElsewhere.popFirst() else { return nil }
        return (shard, try claims.claim(shard.fileName))
    }
}

/// Throws ``DatasetError/interrupted(signal:)`` when SIGINT or SIGTERM asked for a stop (``StopRequest``).
func checkStopRequest() throws(DatasetError) {
    if let signal = StopRequest.receivedSignal { throw .interrupted(signal: signal) }
}
