import Datasets
import Foundation
import Models
import Support
import Systems
import Tensor
import Testing
import Training

@testable import TableStudy

@Suite("Table cells, datasets and checks")
struct TableCellTests {
    @Test("the profiles' datasets have a valid split of 10% of train, and small trains 3 seeds")
    func profileDatasets() throws {
        for profile in TableProfile.allCases {
            let spec = try TrainDatasets.spec(system: .pendulum, profile: profile)
            #expect(spec.splits.map(\.name) == ["train", "valid", "test", "long"])
            let train = try spec.split(named: "train").trajectories
            #expect(try spec.split(named: "valid").trajectories == Int((Double(train) / 10).rounded()))
        }
        #expect(TableProfile.small.settings.seeds == [1, 2, 3])
        #expect(TableProfile.smoke.settings.seeds.count >= 2)
    }

    @Test("a dataset folder made from another spec is refused with what to do")
    func otherSpecRefused() throws {
        let scratch = ScratchFolder()
        var spec = try TrainDatasets.spec(system: .pendulum, profile: .smoke)
        spec.splits.removeAll { $0.name == "valid" }
        spec.splits = spec.splits.map { SplitSpec(name: $0.name, trajectories: 2, frames: $0.frames) }
        var options = GenerationOptions()
        options.jobs = 1
        _ = try DatasetGenerator(spec: spec, folder: scratch.file("pendulum-smoke"), options: options).run()
        #expect(throws: TableError.datasetFromAnotherSpec(folder: scratch.file("pendulum-smoke"))) {
            try TrainDatasets.ensure(system: .pendulum, profile: .smoke, root: scratch.path, log: { _ in })
        }
        #expect(TableError.datasetFromAnotherSpec(folder: "x").description.contains("move or delete it"))
    }

    @Test("cells are system x row x seed, in a fixed order")
    func cellList() {
        let table = TableRun(
            profile: .smoke, systems: [.pendulum, .twoBody], outputFolder: "/tmp/o", workFolder: "/tmp/w",
            command: "test")
        let seeds = TableProfile.smoke.settings.seeds
        #expect(table.cells.count == 2 * ModelChoice.tableRows.count * seeds.count)
        #expect(table.cells[0] == TableCell(system: .pendulum, choice: ModelChoice.tableRows[0], seed: seeds[0]))
        #expect(table.cells[1].seed == seeds[1])
        #expect(table.directory(of: table.cells[1]).hasSuffix("runs/smoke/pendulum/hgn-leapfrog/seed-\(seeds[1])"))
    }

    @Test("every baseline equals its closed form on a hand-made clip")
    func baselinesClosedForm() {
        var checks = TableChecks()
        checks.checkBaselinesOnHandMadeClip()
        #expect(checks.outcomes.count == 2 && checks.passed, "\(checks.outcomes)")
    }

    @Test("the evaluation scores every test sequence and keeps each sequence's error")
    func everyTestSequence() throws {
        let folder = Fixtures.dataset(.pendulum, noise: true)
        let evaluation = try EvaluateCell(dataset: folder, settings: TableProfile.smoke.settings)
        #expect(evaluation.test.sequences.count == 6 && evaluation.long.sequences.count == 2)
        let model = try ModelChoice.tableRows[0].makeModel(
            settings: TableProfile.smoke.settings, system: .pendulum, seed: 1)
        let meanFrame = try BaselinePredictor.meanFrame(folder: folder)
        let (comparisons, _) = try evaluation.compare(model, meanFrame: meanFrame)
        for evaluation in Evaluation.allCases {
            let scores = try #require(comparisons[evaluation]?.model)
            let errors = try #require(scores.perSequence)
            #expect(errors.count == scores.sequences)
            #expect(
                abs(errors.reduce(0, +) / Double(errors.count) - scores.meanSquaredError) <= 1e-12
                    * scores.meanSquaredError)
        }
    }

    @Test(
        "the same weights rolled out by Euler, leapfrog and RK4 give three different rollouts",
        arguments: [
            SystemKind.pendulum, .threeBody,
        ])
    func integratorsDiffer(system: SystemKind) throws {
        let folder = Fixtures.dataset(system, noise: true)
        let evaluator = try RolloutEvaluator.load(folder: folder, split: "test", count: 2, anchorFrame: 4)
        var predictions: [[Float]] = [], parameters: [[Float]] = []
        for integrator in [LatentIntegrator.euler, .leapfrog, .rk4] {
            let choice = ModelChoice(kind: .hgn, integrator: integrator, variant: .standard)
            let model = try choice.makeModel(settings: TableProfile.smoke.settings, system: system, seed: 1)
            parameters.append(model.parameters.values.flatMap { $0.scalars(as: Float.self) })
            predictions.append(
                try evaluator.truthAndPrediction(of: model, count: 2, direction: .forward).prediction
                    .scalars(as: Float.self))
        }
        #expect(parameters[0] == parameters[1] && parameters[1] == parameters[2], "the same initial weights")
        for (a, b) in [(0, 1), (0, 2), (1, 2)] {
            let difference = zip(predictions[a], predictions[b]).map { abs($0 - $1) }.max() ?? 0
            #expect(difference > 0, "integrators \(a) and \(b) gave identical rollouts")
        }
    }

    @Test("results of schema 1 (no seed, no per-sequence errors) still decode")
    func oldResultsDecode() throws {
        let old = cell("hgn-leapfrog", .pendulum, seed: 1, model: [1e-4], meanFrame: [2e-4], lastFrame: [3e-4])
        var json = String(decoding: try JSONFormat.encoder().encode(old), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"seed\" : 1,", with: "")
            .replacingOccurrences(of: "\"schema_version\" : 2", with: "\"schema_version\" : 1")
        let decoded = try JSONFormat.decoder().decode(CellResult.self, from: Data(json.utf8))
        #expect(decoded.seed == nil && decoded.schemaVersion == 1)
    }
}
