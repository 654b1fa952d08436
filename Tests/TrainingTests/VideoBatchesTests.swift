import Datasets
import Foundation
import Testing
import Training

/// The training stream: deterministic shuffling, epochs, resumable positions, pixel values and clear errors.
@Suite("Video batches")
struct VideoBatchesTests {
    @Test("each epoch visits every trajectory once, in an order set by the seed")
    func epochs() throws {
        let stream = try VideoBatches(folder: Fixtures.pendulum, split: "train", batchSize: 2, seed: 4)
        #expect(stream.trajectoryCount == 6 && stream.batchesPerEpoch == 3)
        let firstEpoch = try (0..<3).flatMap { _ in try stream.next().trajectoryIndices }
        let secondEpoch = try (0..<3).flatMap { _ in try stream.next().trajectoryIndices }
        #expect(firstEpoch.sorted() == Array(0..<6) && secondEpoch.sorted() == Array(0..<6))
        #expect(firstEpoch != secondEpoch, "epochs are reshuffled")
        let again = try VideoBatches(folder: Fixtures.pendulum, split: "train", batchSize: 2, seed: 4)
        #expect(try again.batch(at: 4) == stream.batch(at: 4), "the same seed gives the same batches")
        let other = try VideoBatches(folder: Fixtures.pendulum, split: "train", batchSize: 6, seed: 5)
        let otherOrder = try other.next().trajectoryIndices
        #expect(otherOrder != firstEpoch, "another seed, another order")
    }

    @Test("a stream resumed at a position continues exactly where the first one was")
    func resume() throws {
        let stream = try VideoBatches(
            folder: Fixtures.pendulum, split: "train", batchSize: 4, seed: 1, length: 3,
            start: .random)
        let served = try (0..<5).map { _ in try stream.next() }
        let resumed = try VideoBatches(
            folder: Fixtures.pendulum, split: "train", batchSize: 4, seed: 1, length: 3,
            start: .random, position: 3)
        #expect(try resumed.next() == served[3])
        #expect(try resumed.next() == served[4])
        #expect(resumed.position == 5)
    }

    @Test("frames are the stored bytes / 255 and states the stored states, from the requested start")
    func values() throws {
        let stream = try VideoBatches(
            folder: Fixtures.pendulum, split: "test", batchSize: 3, shuffled: false,
            length: 4, start: .fixed(2))
        let batch = try stream.next()
        #expect(batch.trajectoryIndices == [0, 1, 2] && batch.frameShape == [3, 4, 16, 16, 3])
        let manifest = try Manifest.load(folder: Fixtures.pendulum)
        let shard = try manifest.split(named: "test").shards[0]
        let reader = try ShardReader(path: (Fixtures.pendulum as NSString).appendingPathComponent(shard.file))
        let bytes = try reader.images(1..<2), states = try reader.states(1..<2)
        let frameSize = 16 * 16 * 3
        for i in stride(from: 0, to: 4 * frameSize, by: 37) {
            #expect(batch.frames[4 * frameSize + i] == Float(bytes[2 * frameSize + i]) / 255)
        }
        #expect(Array(batch.states[8..<16]) == Array(states[4..<12]))
    }

    @Test("random starts stay inside the trajectories")
    func randomStarts() throws {
        let stream = try VideoBatches(
            folder: Fixtures.pendulum, split: "train", batchSize: 6, seed: 2, length: 5,
            start: .random)
        var starts = Set<Int>()
        for _ in 0..<10 { starts.formUnion(try stream.next().startFrames) }
        #expect(starts.isSubset(of: [0, 1, 2]) && starts.count > 1)
    }

    @Test("bad folders, unknown splits, other resolutions and short trajectories give clear errors")
    func errors() throws {
        func message(_ body: () throws -> Void) -> String {
            do { try body() } catch { return "\(error)" }
            return "no error"
        }
        let missing = message { _ = try VideoBatches(folder: "/nonexistent/data", split: "train", batchSize: 2) }
        #expect(missing.contains("no manifest.json") && missing.contains("physgen generate"), "\(missing)")
        let split = message { _ = try VideoBatches(folder: Fixtures.pendulum, split: "validation", batchSize: 2) }
        #expect(split.contains("unknown split 'validation'") && split.contains("train, test, long"), "\(split)")
        let resolution = message {
            _ = try VideoBatches(folder: Fixtures.pendulum32, split: "train", batchSize: 2, expectedResolution: 16)
        }
        #expect(resolution.contains("32x32") && resolution.contains("--resolution 16"), "\(resolution)")
        let short = message {
            _ = try VideoBatches(folder: Fixtures.pendulum, split: "train", batchSize: 2, length: 8)
        }
        #expect(short.contains("7 frames") && short.contains("8 are needed"), "\(short)")
        let late = message {
            _ = try VideoBatches(folder: Fixtures.pendulum, split: "train", batchSize: 2, length: 4, start: .fixed(5))
        }
        #expect(late.contains("9 are needed"), "\(late)")
        let batch = message { _ = try VideoBatches(folder: Fixtures.pendulum, split: "train", batchSize: 0) }
        #expect(batch.contains("batch size must be positive"), "\(batch)")
    }
}
