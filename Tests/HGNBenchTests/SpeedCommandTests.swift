import ArgumentParser
import Foundation
import Tensor
import Testing
import SpeedStudy
@testable import hgnbench

/// `hgnbench speed`: its arguments, and the JSON line it ends with.
@Suite("hgnbench speed", .serialized)
struct SpeedCommandTests {
    @Test("bad arguments get a clear error", arguments: [
        (["--batch", "0"], "--batch must be at least 1"),
        (["--seq-len", "5"], "--seq-len must be at least 6"),
        (["--threads", "0"], "--threads must be at least 1"),
        (["--steps", "0"], "--steps must be at least 1"),
        (["--warmup=-1"], "--warmup must be 0 or more"),
        (["--integrator", "verlet"], "verlet"),
    ])
    func validation(_ arguments: [String], _ expected: String) {
        do {
            _ = try SpeedCommand.parse(arguments)
            Issue.record("\(arguments) was accepted")
        } catch {
            let message = SpeedCommand.message(for: error)
            #expect(message.contains(expected), "\(arguments): \(message)")
        }
    }

    @Test("the defaults are the issue's benchmark: batch 16, 34 frames, leapfrog, the reference model")
    func defaults() throws {
        let command = try SpeedCommand.parse(["--threads", "2"])
        let settings = command.settings
        #expect(settings.batch == 16 && settings.sequenceLength == 34 && settings.threads == 2)
        #expect(settings.model.integrator == .leapfrog)
        #expect(settings.model.encoderFilters == [32, 64, 64, 64, 64, 64, 64] && settings.model.resolution == 32)
        #expect(settings.peakShapes.count == 6)
    }

    @Test("a tiny run ends with a JSON line holding the comparison keys")
    func jsonLine() throws {
        let original = ComputeThreads.count
        defer { ComputeThreads.setCount(original) }
        let command = try SpeedCommand.parse(
            ["--tiny", "--batch", "1", "--seq-len", "7", "--threads", "1", "--steps", "2", "--warmup", "0"])
        var progress: [String] = []
        let result = try SpeedBenchmark.run(command.settings) { progress.append($0) }
        let line = result.jsonLine
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        for key in SpeedResult.requiredKeys {
            let value = try #require(object[key] as? Double, "missing or not a number: \(key)")
            #expect(value > 0, "\(key) = \(value)")
        }
        #expect(object["params_total"] as? Int == result.paramsTotal)
        #expect(object["seq_len"] as? Int == 7 && object["threads"] as? Int == 1 && object["steps"] as? Int == 2)
        #expect(result.sPerStepMin <= result.sPerStepMedian)
        // The flops of a step are those of its convolutions and products: positive, and the same every step.
        #expect(result.flopsPerStep > 0)
        #expect(progress.contains { $0.hasPrefix("step 2/2") })
    }
}
