import ArgumentParser
import Foundation
import SpeedStudy
import TableStudy
import Tensor
import Testing

@testable import hgnbench

/// `hgnbench speed`: its arguments, and the JSON line it ends with.
@Suite("hgnbench speed", .serialized)
struct SpeedCommandTests {
    @Test(
        "bad arguments get a clear error",
        arguments: [
            (["--batch", "0"], "--batch must be at least 1"),
            (["--seq-len", "5"], "--seq-len must be at least 6"),
            (["--threads", "0"], "--threads must be at least 1"),
            (["--steps", "0"], "--steps must be at least 1"),
            (["--warmup=-1"], "--warmup must be 0 or more"),
            (["--integrator", "verlet"], "verlet"),
            (["--decoded-frames", "1"], "--decoded-frames must be at least 2"),
            (["--recipe", "small", "--breakdown"], "--breakdown times the full step only"),
            (["--recipe", "tiny"], "tiny"),
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

    @Test("--recipe small times the small recipe's step: its batch, 6 decoded frames, loss and curriculum lengths")
    func smallRecipe() throws {
        let settings = try SpeedCommand.parse(["--recipe", "small", "--threads", "2"]).settings
        let training = ProfileSettings.small.hgnTraining
        #expect(settings.batch == training.batchSize && settings.decodedFrames == training.decodedFramesPerSequence)
        #expect(settings.decodedFrames == 6 && settings.reconstruction == .summedSquaredError)
        #expect(settings.klWeight == 1e-4 && settings.model.posteriorLogVarianceShift == -10)
        // Lengths 8, 12, 16, 24, 34 from steps 0, 250, 500, 800, 1,100 of 2,400: weights are the steps at each.
        #expect(settings.timedLengths.map(\.frames) == training.curriculum.map(\.frames))
        #expect(settings.timedLengths.map(\.weight) == [250, 250, 300, 300, 1_300])
        #expect(settings.timedLengths.reduce(0) { $0 + $1.weight } == Double(training.steps))
        #expect(settings.sequenceLength == 34)
        let plain = try SpeedCommand.parse(["--decoded-frames", "4", "--seq-len", "20"]).settings
        #expect(plain.decodedFrames == 4 && plain.timedLengths.map(\.frames) == [20] && plain.recipe == nil)
    }

    @Test("a recipe's JSON line has the step-weighted mean of the lengths' medians")
    func recipeJSONLine() throws {
        let original = ComputeThreads.count
        defer { ComputeThreads.setCount(original) }
        let command = try SpeedCommand.parse([
            "--tiny", "--recipe", "small", "--batch", "1", "--threads", "1",
            "--steps", "1", "--warmup", "0",
        ])
        var settings = command.settings
        settings.batch = 1
        var progress: [String] = []
        let result = try SpeedBenchmark.run(settings) { progress.append($0) }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.jsonLine.utf8)) as? [String: Any])
        let byLength = try #require(object["s_per_step_by_seq_len"] as? [String: Double])
        let weights = try #require(object["seq_len_weights"] as? [String: Double])
        #expect(Set(byLength.keys) == ["8", "12", "16", "24", "34"] && Set(weights.keys) == Set(byLength.keys))
        let mean = byLength.keys.reduce(0) { $0 + byLength[$1]! * weights[$1]! } / weights.values.reduce(0, +)
        #expect(abs(mean - result.sPerStepMedian) <= 1e-5)  // the JSON rounds each median to 10 µs
        #expect(object["decoded_frames"] as? Int == 6 && object["recipe"] as? String == "small")
        #expect(!(object["blas_kernels"] as? String ?? "").isEmpty)
        #expect(progress.contains { $0.hasPrefix("seq-len 34 step 1/1") })
    }
}
