import Foundation
import Models
import Testing
import Training

/// One trainer per run folder, and a checkpoint written at any step (as a stop by SIGTERM writes one) resumes bit for
/// bit. The signal itself is sent to a real process by Tests/faults/faults.py.
@Suite("Training faults")
struct TrainerFaultTests {
    @Test("a second trainer on a run folder in use is refused, naming the holder; the folder is free again after")
    func oneTrainerPerFolder() throws {
        let folder = TemporaryDirectory()
        let configuration = TrainingTests.configuration(steps: 2)
        do {
            let first = try Trainer(
                model: try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny()),
                configuration: configuration, dataset: Fixtures.pendulum, directory: folder.path)
            do {
                _ = try Trainer(
                    model: try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny()),
                    configuration: configuration, dataset: Fixtures.pendulum, directory: folder.path)
                Issue.record("two trainers shared a run folder")
            } catch {
                let text = "\(error)"
                #expect(
                    text.contains("in use by another training run")
                        && text.contains("pid \(ProcessInfo.processInfo.processIdentifier)"), "\(text)")
            }
            try first.train()
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file(Trainer.FileName.lock)), "the lock file stays")
        let again = try Trainer(
            model: try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny()),
            configuration: configuration, dataset: Fixtures.pendulum, directory: folder.path)
        #expect(again.resumedFromStep == 2)
    }

    @Test("a checkpoint between two checkpoint intervals (a stop by a signal) resumes bit for bit")
    func checkpointAtAnyStep() throws {
        let configuration = TrainingTests.configuration(steps: 7)  // checkpoints every 2 steps
        let whole = TemporaryDirectory(), stopped = TemporaryDirectory()
        let reference = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny())
        let uninterrupted = try Trainer(
            model: reference, configuration: configuration, dataset: Fixtures.pendulum,
            directory: whole.path
        ).train()
        try Trainer(
            model: try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny()),
            configuration: configuration, dataset: Fixtures.pendulum, directory: stopped.path
        )
        .train(until: 3)
        let model = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration.tiny())
        let resumed = try Trainer(
            model: model, configuration: configuration, dataset: Fixtures.pendulum,
            directory: stopped.path)
        #expect(resumed.resumedFromStep == 3)
        let record = try resumed.train()
        #expect(model.parameters.bitPatterns == reference.parameters.bitPatterns)
        #expect(record.learningCurve.map(\.loss.bitPattern) == uninterrupted.learningCurve.map(\.loss.bitPattern))
        #expect(bytes(whole.file(Trainer.FileName.checkpoint)) == bytes(stopped.file(Trainer.FileName.checkpoint)))
    }
}

private func bytes(_ path: String) -> Data { (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data() }
