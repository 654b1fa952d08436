import Foundation
import Models
import Support
import Systems
import Testing

@testable import TableStudy
@testable import Training

/// The archive of a finished cell: what the report is assembled from once the runs' folders are gone.
@Suite("Cell archive")
struct CellArchiveTests {
    /// A record whose learning curve has five steps with known numbers.
    private func record() -> TrainingRecord {
        let curve = (0..<5).map { step in
            LearningCurvePoint(
                step: step, loss: Double(10 * (step + 1)), reconstruction: Double(step), pixelMeanSquaredError: 0.5,
                klDivergence: 2, klWeight: 1, gecoMultiplier: nil, auxiliary: [:], frames: step < 3 ? 8 : 12,
                learningRate: 1e-3, seconds: step == 4 ? nil : 0.25)
        }
        return TrainingRecord(
            model: .hgn(configuration: HGNConfiguration()), parameterCount: 7,
            training: TrainingConfiguration(steps: 5),
            dataset: DatasetReference(
                folder: "/scratch/bench/pendulum-small", split: "train", trajectories: 4, frames: 10, resolution: 16),
            environment: ["machine": "test"], completedSteps: 5, sessions: [], secondsPerStep: 0.25,
            medianSecondsPerStep: 0.25, learningCurve: curve)
    }

    @Test("a learning curve is kept as means over blocks of steps, exactly")
    func curveBlocks() {
        // Five steps in at most two blocks: blocks of three steps, the last one shorter.
        let lines = TableArtifacts.curveBlocks(record(), maximumRows: 2)
        #expect(lines == ["0,2,20,1,0.5,2,8,0.001,0.25", "3,4,45,3.5,0.5,2,12,0.001,0.25"])
        let points = TableArtifacts.curvePoints(lines)
        #expect(points.map(\.step) == [2, 4] && points.map(\.pixelMSE) == [0.5, 0.5])
        #expect(
            TableArtifacts.curvesCSV([("hgn-leapfrog", 2, lines)])
                == "row,seed,first_step,last_step,loss,reconstruction,pixel_mse,kl,frames,learning_rate,seconds\n"
                + "hgn-leapfrog,2,0,2,20,1,0.5,2,8,0.001,0.25\nhgn-leapfrog,2,3,4,45,3.5,0.5,2,12,0.001,0.25\n")
    }

    @Test(
        "an archive reads back what was written: errors to 6 digits, the record without its curve, the curve as blocks")
    func roundTrip() throws {
        let scratch = ScratchFolder()
        let archive = CellArchive(
            directory: scratch.file("cells/pendulum/hgn-leapfrog/seed-1"),
            baselinesPath: scratch.file("cells/pendulum/baselines.json"))
        #expect(archive.result() == nil)
        let result = cell(
            "hgn-leapfrog", .pendulum, seed: 1, model: [1.234_567_89e-4, 3e-4], meanFrame: [2e-4], lastFrame: [3e-4])
        let differences = [IntegratorDifference(first: .euler, second: .leapfrog, largestPixelDifference: 0.125)]
        try archive.write(result: result, record: record(), strip: [1, 2, 3], integrators: differences)
        let read = try #require(archive.result())
        // Per-sequence and per-step errors to 6 significant digits; the mean as it was.
        #expect(read.test.model.perSequence == [1.234_57e-4, 3e-4] && read.seed == 1 && read.row == "hgn-leapfrog")
        #expect(read.test.model.perStep == [2.117_28e-4, 2.117_28e-4])
        #expect(read.test.model.meanSquaredError == result.test.model.meanSquaredError)
        let readRecord = try #require(archive.record())
        #expect(readRecord.learningCurve.isEmpty && readRecord.completedSteps == 5)
        #expect(readRecord.dataset.folder == "pendulum-small", "the dataset by name, not by a machine's path")
        #expect(archive.curveLines() == TableArtifacts.curveBlocks(record()))
        #expect(archive.strip() == Data([1, 2, 3]))
        #expect(archive.integrators() == differences)
        #expect(read.test.meanFrame.perSequence == [2e-4] && read.long.lastFrame.perSequence == [3e-4])
    }

    @Test("the baselines are kept once per system; a cell scored on other frames is refused")
    func sharedBaselines() throws {
        let scratch = ScratchFolder()
        let baselines = scratch.file("cells/pendulum/baselines.json")
        func archive(_ row: String) -> CellArchive {
            CellArchive(directory: scratch.file("cells/pendulum/\(row)/seed-1"), baselinesPath: baselines)
        }
        try archive("hgn-leapfrog").write(
            result: cell("hgn-leapfrog", .pendulum, seed: 1, model: [1], meanFrame: [2, 4], lastFrame: [3, 5]),
            record: nil, strip: nil, integrators: nil)
        let stored = try #require(FileManager.default.contents(atPath: archive("hgn-leapfrog").path("result.json")))
        let raw = try JSONFormat.decoder().decode(CellResult.self, from: stored)
        #expect(raw.test.meanFrame.perSequence == nil && raw.test.model.perSequence == [1], "baselines left out")
        try archive("hgn-euler").write(
            result: cell("hgn-euler", .pendulum, seed: 1, model: [7], meanFrame: [2, 4], lastFrame: [3, 5]),
            record: nil, strip: nil, integrators: nil)
        #expect(archive("hgn-euler").result()?.backward.lastFrame.perSequence == [3, 5])
        let other = archive("hgn-rk4")
        #expect(throws: TableError.baselinesDiffer(cell: other.directory, file: baselines)) {
            try other.write(
                result: cell("hgn-rk4", .pendulum, seed: 1, model: [7], meanFrame: [2, 4.5], lastFrame: [3, 5]),
                record: nil, strip: nil, integrators: nil)
        }
        #expect(other.result() == nil, "a refused cell is not archived")
        try FileManager.default.removeItem(atPath: baselines)
        #expect(archive("hgn-euler").result()?.test.meanFrame.perSequence == nil, "no baselines file, no errors")
    }

    @Test("a cell counts as archived only once its result.json is written")
    func archivedOnlyWithResult() throws {
        let scratch = ScratchFolder()
        let table = TableRun(
            profile: .smoke, systems: [.pendulum], rows: [ModelChoice.tableRows[0]], outputFolder: scratch.path,
            workFolder: scratch.file("work"), command: "test")
        #expect(table.unfinishedCells().count == TableProfile.smoke.settings.seeds.count)
        let first = table.cells[0]
        let archive = table.archive(of: first)
        #expect(archive.directory == scratch.file("cells/pendulum/hgn-leapfrog/seed-\(first.seed)"))
        try TableFiles.writeBytes([1], to: archive.path(CellArchive.FileName.strip))
        #expect(table.unfinishedCells().count == TableProfile.smoke.settings.seeds.count, "a strip alone is no result")
        try archive.write(
            result: cell("hgn-leapfrog", .pendulum, seed: first.seed, model: [1], meanFrame: [2], lastFrame: [3]),
            record: nil, strip: nil, integrators: nil)
        #expect(table.unfinishedCells().map(\.index) == Array(1..<TableProfile.smoke.settings.seeds.count))
        #expect(table.floorPath(of: .pendulum) == scratch.file("cells/pendulum/floor.json"))
    }

    @Test("the integrators check passes on three positive differences and fails on a zero or a missing comparison")
    func integratorsCheck() {
        let pairs: [(LatentIntegrator, LatentIntegrator)] = [(.euler, .leapfrog), (.euler, .rk4), (.leapfrog, .rk4)]
        func differences(_ values: [Double]) -> [IntegratorDifference] {
            zip(pairs, values).map { IntegratorDifference(first: $0.0, second: $0.1, largestPixelDifference: $1) }
        }
        var checks = TableChecks()
        checks.checkIntegratorsDiffer(system: .pendulum, differences: differences([0.1, 0.2, 0.3]))
        #expect(checks.passed)
        #expect(checks.outcomes[0].detail.hasPrefix("euler vs leapfrog: largest pixel difference 0.1"))
        checks.checkIntegratorsDiffer(system: .pendulum, differences: differences([0.1, 0, 0.3]))
        #expect(!checks.passed)
        var missing = TableChecks()
        missing.checkIntegratorsDiffer(system: .pendulum, differences: nil)
        #expect(!missing.passed && missing.outcomes[0].detail.contains("no comparison archived"))
    }
}
