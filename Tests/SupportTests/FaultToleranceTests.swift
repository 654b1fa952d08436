import Foundation
import Testing

@testable import Support

/// A fresh directory under the system's temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let path = NSTemporaryDirectory() + "SupportTests-" + UUID().uuidString
    init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite("File locks")
struct FileLockTests {
    @Test("a held lock excludes every other holder, also in this process, until it is released")
    func exclusion() throws {
        let folder = TemporaryDirectory()
        let lock = FileLock(path: folder.file("shard.lock"))
        let first = try #require(try lock.tryAcquire())
        #expect(first.isEffective)
        #expect(try lock.tryAcquire() == nil, "a second holder while the first holds it")
        #expect(lock.holder() == "pid \(ProcessInfo.processInfo.processIdentifier) on \(HostName.current)")
        first.release(removingFile: false)
        let second = try #require(try lock.tryAcquire())
        second.release()
        #expect(!FileManager.default.fileExists(atPath: lock.path), "release(removingFile:) removes the lock file")
    }

    @Test("a waiter gets the lock when the holder removes the file, and never shares it with a newcomer")
    func waitingAcrossRemoval() throws {
        let folder = TemporaryDirectory()
        let lock = FileLock(path: folder.file("manifest.json.lock"))
        let holder = try #require(try lock.tryAcquire())
        let acquired = Atomic()
        let waiter = Thread {
            guard let held = try? lock.acquire(interval: 0.01, stop: { () throws(Never) in }) else { return }
            acquired.set()
            Thread.sleep(forTimeInterval: 0.2)
            held.release()
        }
        waiter.start()
        Thread.sleep(forTimeInterval: 0.1)
        #expect(!acquired.isSet, "the waiter got a held lock")
        holder.release(removingFile: true)
        for _ in 0..<200 where !acquired.isSet { Thread.sleep(forTimeInterval: 0.01) }
        #expect(acquired.isSet, "the waiter never got the released lock")
        // While the waiter holds it (on the file it re-created), nobody else may take it.
        #expect(try lock.tryAcquire() == nil)
    }

    @Test("a stop request ends a wait")
    func stopEndsWait() throws {
        let folder = TemporaryDirectory()
        let lock = FileLock(path: folder.file("busy.lock"))
        let holder = try #require(try lock.tryAcquire())
        struct Stopped: Error {}
        var attempts = 0
        #expect(throws: Stopped.self) {
            _ = try lock.acquire(interval: 0.001) { () throws(Stopped) in
                attempts += 1
                if attempts == 3 { throw Stopped() }
            }
        }
        holder.release()
    }

    @Test("an unwritable folder is a one-line error naming the lock file")
    func unwritable() {
        let error = #expect(throws: FileLockError.self) {
            try FileLock(path: "/nonexistent-folder/x.lock").tryAcquire()
        }
        #expect(error?.description.contains("/nonexistent-folder/x.lock") == true)
    }
}

@Suite("Whole-file writes")
struct AtomicFileTests {
    @Test("create writes a missing file and leaves an existing one untouched")
    func createExclusive() throws {
        let folder = TemporaryDirectory()
        let path = folder.file("spec.json")
        #expect(try AtomicFile.create(Data("first".utf8), at: path))
        #expect(try !AtomicFile.create(Data("second".utf8), at: path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["spec.json"], "no temporary left")
    }

    @Test("a failed write names the file, keeps the previous content and leaves no temporary file")
    func failedWrite() throws {
        let folder = TemporaryDirectory()
        let path = folder.file("record.json")
        try AtomicFile.write(Data("old".utf8), to: path)
        // A directory where the temporary file must go makes the write fail.
        try FileManager.default.createDirectory(
            atPath: AtomicFile.temporaryPath(for: path), withIntermediateDirectories: false)
        let error = #expect(throws: AtomicWriteError.self) { try AtomicFile.write(Data("new".utf8), to: path) }
        #expect(error?.path == path && error?.description.contains(path) == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
    }
}

@Suite("Stop requests")
struct StopRequestTests {
    @Test("signal names and the resume hint")
    func names() {
        #expect(Interrupted(signal: SIGTERM).description == "stopped by SIGTERM")
        #expect(Interrupted.name(of: SIGINT) == "SIGINT")
        let message = StopRequest.resumeMessage(signal: SIGTERM)
        #expect(message.contains("SIGTERM") && message.contains("run the same command again"))
        #expect(!message.contains("\n"))
    }
}

@Suite("Disk space")
struct DiskSpaceTests {
    @Test("the free space of a path that does not exist yet is its nearest existing ancestor's")
    func nearestAncestor() throws {
        let folder = TemporaryDirectory()
        let existing = try #require(DiskSpace.availableBytes(at: folder.path))
        let missing = try #require(DiskSpace.availableBytes(at: folder.file("a/b/c")))
        #expect(existing > 0)
        #expect(abs(existing - missing) < 64 * 1024 * 1024, "\(existing) vs \(missing): not the same file system")
    }
}

/// A flag set by one thread and read by another.
final class Atomic: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
