import Foundation
import Testing

@testable import HDF5

/// What the module makes of a failing disk: the system's words from libhdf5's error stack, and a user block left
/// to the caller (where checkpoints keep their checksum).
///
/// A real full disk is tested end to end by `Tests/faults/faults.py` (a 600 kB tmpfs, and a file-size limit):
/// one line naming the file and the cause, a clean exit where the exit handler's second close of the failed file
/// used to crash. Not here: libhdf5 locks the files it writes, and a file abandoned after a failure keeps its lock
/// until the process exits, so a full device such as `/dev/full` would stay locked for every other test process
/// on the machine.
@Suite struct StorageFailureTests {
    @Test func systemReasonIsTakenFromTheDriversMessage() {
        let stack = [
            "H5Dwrite_chunk: can't write unprocessed chunk data (Write failed)",
            "H5FD__sec2_write: file write failed: time = Fri Dec  4 21:22:57 2026 , filename = '/d/x.h5', "
                + "file descriptor = 3, errno = 28, error message = 'No space left on device', buf = 0x7f, "
                + "total write size = 1681 (Write failed)",
        ]
        #expect(ErrorStack.systemReason(stack) == "No space left on device")
        #expect(ErrorStack.innermostReason(stack) == "No space left on device")
        #expect(ErrorStack.systemReason(["H5Dread: can't read data (Read failed)"]) == nil)
        #expect(ErrorStack.systemReason(["x: errno = 27, no message"]) == "File too large")
    }

    @Test func userBlockIsLeftToTheCaller() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("sealed.h5")
        let file = try HDF5File.create(path, userBlockSize: 512)
        _ = try file.createDataset("x", values: [3.0])
        try file.close()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.prefix(512).allSatisfy { $0 == 0 })
        #expect(Array(bytes[512..<520]) == [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A], "the HDF5 signature")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.write(contentsOf: Data("caller's bytes".utf8))
        try handle.close()
        #expect(try HDF5File.open(path).openDataset("x").read(as: Double.self) == [3])
    }
}
