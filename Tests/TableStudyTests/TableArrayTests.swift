import Datasets
import Dispatch
import Foundation
import Support
import Systems
import TableStudy
import Testing

/// The table as a job array: its cells, their folders, and the dataset its cells share.
@Suite("Table as a job array")
struct TableArrayTests {
    private func temporaryFolder() -> String {
        NSTemporaryDirectory() + "TableCellTests-" + UUID().uuidString
    }

    @Test("cells are system x model x seed, numbered system by system, then row by row, then seed by seed")
    func cellOrder() {
        let table = TableRun(
            profile: .smoke, systems: [.pendulum, .massSpring], rows: Array(ModelChoice.tableRows.prefix(2)),
            outputFolder: "out", workFolder: "work", command: "test")
        let seeds = TableProfile.smoke.settings.seeds
        #expect(!seeds.isEmpty)
        let cells = table.cells
        #expect(cells.count == 2 * 2 * seeds.count)
        #expect(cells.first == TableCell(system: .pendulum, choice: ModelChoice.tableRows[0], seed: seeds[0]))
        #expect(
            cells.last == TableCell(system: .massSpring, choice: ModelChoice.tableRows[1], seed: seeds[seeds.count - 1])
        )
        let folders = cells.map(table.directory(of:))
        #expect(Set(folders).count == cells.count, "every cell has its own folder")
        #expect(folders[0] == "work/runs/smoke/pendulum/\(ModelChoice.tableRows[0].name)/seed-\(seeds[0])")
    }

    @Test("cells of one system started at once generate its dataset once, and it is complete and valid")
    func sharedDataset() throws {
        let root = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let messages = Messages()
        let folders = Messages()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                let folder = try TrainDatasets.ensure(system: .pendulum, profile: .smoke, root: root) {
                    messages.append($0)
                }
                folders.append(folder)
            } catch {
                folders.append("error: \(error)")
            }
        }
        #expect(Set(folders.all).count == 1 && !folders.all[0].hasPrefix("error"), "\(folders.all)")
        #expect(messages.all.filter { $0.hasPrefix("generating") }.count == 1, "\(messages.all)")
        #expect(try DatasetValidator(folder: folders.all[0]).run(resimulatePerShard: 1).isValid)
    }
}

extension TableArrayTests {
    @Test("a cell another process trains is skipped; the report waits for it, and the last process writes it")
    func sharedTable() throws {
        let root = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let messages = Messages()
        let table = TableRun(
            profile: .smoke, systems: [.pendulum], rows: [ModelChoice.tableRows[5]], outputFolder: root + "/out",
            workFolder: root + "/work", command: "test", log: { messages.append($0) })
        let held = table.cells[1]
        let folder = table.directory(of: held)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let claim = try #require(try FileLock(path: folder + "/train.lock").tryAcquire())
        #expect(try table.runAll() == false, "a cell is missing: no report")
        #expect(table.unfinishedCells().map(\.cell) == [held])
        #expect(messages.all.contains { $0.contains("being trained by another process: skipped") })
        #expect(!FileManager.default.fileExists(atPath: root + "/out/table1.md"))
        claim.release(removingFile: false)
        #expect(try table.runAll() == true, "the last cell done, the report is written")
        #expect(FileManager.default.fileExists(atPath: root + "/out/table1.md"))
    }
}

/// Lines collected from several threads.
private final class Messages: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
