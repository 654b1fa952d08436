import Foundation
import Testing

@testable import HDF5

/// The module may be used from many threads at once: calls are serialised by the library lock, and each thread
/// gets the errors of its own calls.
@Suite struct ConcurrencyTests {
    @Test func independentFilesAndErrorsOnManyThreads() async throws {
        let directory = TemporaryDirectory()
        let base = directory.path
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    let path = base + "/task-\(task).h5"
                    let values = Double.samples(64, seed: UInt64(task))
                    for round in 0..<5 {
                        let file = try HDF5File.create(path)
                        try file.attributes.set("task", task)
                        _ = try file.createDataset("group/x", values: values, shape: [8, 8])
                        try file.close()
                        let reopened = try HDF5File.open(path)
                        guard try reopened.openDataset("group/x").read(as: Double.self) == values,
                            try reopened.attributes.get("task", as: Int.self) == task
                        else { return false }
                        // An error raised here must describe this thread's failure, not another's.
                        do throws(HDF5Error) {
                            _ = try reopened.openDataset("missing-\(task)-\(round)")
                            return false
                        } catch {
                            guard
                                error
                                    == .objectNotFound(
                                        .dataset,
                                        HDF5Location(
                                            file: path,
                                            path: "/missing-\(task)-\(round)"))
                            else { return false }
                        }
                        try reopened.close()
                    }
                    return true
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == [Bool](repeating: true, count: 8))
    }
}
