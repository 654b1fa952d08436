import Foundation
import Models
import Support
import Training

/// What the report keeps of a finished cell, in the report's own folder
/// (`<out>/cells/<preset>/<model>/seed-<seed>/`), so that the table is assembled from these compact files alone and a
/// table built over several sittings, machines or job-array tasks needs nothing else to survive between them: the
/// runs' folders under `--work` (datasets, checkpoints of ~8 MB, full learning curves) can be lost once a cell is
/// archived.
///
/// - `result.json`: the ``CellResult`` (every evaluation with its per-sequence errors), compact JSON, its per-sequence
///   and per-step errors to 6 significant digits (as `per-sequence.jsonl` publishes them; half the size of full
///   precision, and a relative change of at most 5e-6, far inside every interval). Written last: a cell is archived when
///   this file exists.
/// - `record.json`: the run record without its per-step learning curve, its dataset named by its folder's name under
///   `--work` (not the training machine's path), compact JSON.
/// - `curve.csv`: the learning curve as means over blocks of steps (``TableArtifacts/curveBlocks(_:maximumRows:)``).
/// - `strip.png`, first seed only: test rollouts beside the truth (``TableStrips``).
/// - `integrators.json`, first seed of the first row only: the largest pixel difference between the trained weights
///   rolled out by each pair of latent integrators (``IntegratorDifference``).
///
/// The floor of a system is kept beside its cells (`<out>/cells/<preset>/floor.json`), and so are the baselines'
/// scores (`<out>/cells/<preset>/baselines.json`, ``ArchivedBaselines``): the mean frame and the last frame depend on
/// the dataset alone, so every cell of a system scores them identically, and a cell's `result.json` keeps them without
/// their per-sequence errors (two thirds of its size). The first cell archived writes the file; every later one must
/// match it exactly, or archiving it fails.
public struct CellArchive {
    public let directory: String
    /// The file the baselines' scores of the cell's system are kept in.
    public let baselinesPath: String

    public init(directory: String, baselinesPath: String) {
        self.directory = directory
        self.baselinesPath = baselinesPath
    }

    public enum FileName {
        public static let result = "result.json"
        public static let record = "record.json"
        public static let curve = "curve.csv"
        public static let strip = "strip.png"
        public static let integrators = "integrators.json"
    }

    public func path(_ file: String) -> String { TableFiles.join(directory, file) }

    /// The archived result, if the cell is archived, with its baselines' per-sequence errors from the system's
    /// `baselines.json` (left out when that file is missing: the table's checks then fail on them).
    public func result() -> CellResult? {
        guard let data = FileManager.default.contents(atPath: path(FileName.result)),
            var result = try? JSONFormat.decoder().decode(CellResult.self, from: data)
        else { return nil }
        if let baselines = ArchivedBaselines.read(from: baselinesPath) { baselines.restore(into: &result) }
        return result
    }

    /// The archived run record (its learning curve empty).
    public func record() -> TrainingRecord? {
        guard let data = FileManager.default.contents(atPath: path(FileName.record)) else { return nil }
        return try? JSONFormat.decoder().decode(TrainingRecord.self, from: data)
    }

    /// The archived learning curve's lines (without the header), as ``TableArtifacts/curveBlocks(_:maximumRows:)``
    /// wrote them.
    public func curveLines() -> [String] {
        guard let data = FileManager.default.contents(atPath: path(FileName.curve)) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst().map(String.init)
    }

    /// The archived strip, if any.
    public func strip() -> Data? { FileManager.default.contents(atPath: path(FileName.strip)) }

    /// The archived comparison of the latent integrators, if any.
    public func integrators() -> [IntegratorDifference]? {
        guard let data = FileManager.default.contents(atPath: path(FileName.integrators)) else { return nil }
        return try? JSONFormat.decoder().decode([IntegratorDifference].self, from: data)
    }

    /// Writes the archive; `result.json` last, so that a cell counts as archived only once everything is there.
    ///
    /// - Throws: ``TableError/baselinesDiffer(cell:file:)`` when the system's `baselines.json` holds other baseline
    ///   scores than this cell's (the cell was scored on other sequences or frames than the cells before it).
    public func write(
        result: CellResult, record: TrainingRecord?, strip: [UInt8]?, integrators: [IntegratorDifference]?
    ) throws {
        let encoder = JSONFormat.encoder(pretty: false)
        let rounded = Self.rounded(result), baselines = ArchivedBaselines(rounded)
        if let archived = ArchivedBaselines.read(from: baselinesPath) {
            guard archived == baselines else { throw TableError.baselinesDiffer(cell: directory, file: baselinesPath) }
        } else {
            try TableFiles.writeData(try encoder.encode(baselines), to: baselinesPath)
        }
        if let record {
            var withoutCurve = record
            withoutCurve.learningCurve = []
            // The dataset by its folder's name under --work: where the training machine kept it says nothing about
            // the archive, which is committed and read on other machines.
            withoutCurve.dataset.folder = (record.dataset.folder as NSString).lastPathComponent
            try TableFiles.writeData(try encoder.encode(withoutCurve), to: path(FileName.record))
            try TableFiles.writeText(
                ([TableArtifacts.curveHeader] + TableArtifacts.curveBlocks(record)).joined(separator: "\n") + "\n",
                to: path(FileName.curve))
        }
        if let strip { try TableFiles.writeBytes(strip, to: path(FileName.strip)) }
        if let integrators { try TableFiles.writeData(try encoder.encode(integrators), to: path(FileName.integrators)) }
        try TableFiles.writeData(
            try encoder.encode(ArchivedBaselines.removed(from: rounded)), to: path(FileName.result))
    }

    /// `result` with every per-sequence and per-step error to 6 significant digits.
    static func rounded(_ result: CellResult) -> CellResult {
        result.mapScores { scores in
            var copy = scores
            copy.perSequence = scores.perSequence?.map(TableArtifacts.rounded)
            copy.perStep = scores.perStep.map(TableArtifacts.rounded)
            return copy
        }
    }
}

/// The scores of the mean-frame and last-frame predictors of one system in each evaluation, per-sequence errors
/// included (`<out>/cells/<preset>/baselines.json`): shared by every archived cell of the system.
public struct ArchivedBaselines: Codable, Equatable {
    /// The layout version of `baselines.json`.
    public var schemaVersion = 1
    public var train: [RolloutScores]
    public var test: [RolloutScores]
    public var backward: [RolloutScores]
    public var long: [RolloutScores]

    /// The baselines of `result`: `[mean frame, last frame]` of each evaluation.
    public init(_ result: CellResult) {
        func pair(_ comparison: RolloutComparison) -> [RolloutScores] { [comparison.meanFrame, comparison.lastFrame] }
        train = pair(result.train)
        test = pair(result.test)
        backward = pair(result.backward)
        long = pair(result.long)
    }

    static func read(from path: String) -> ArchivedBaselines? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONFormat.decoder().decode(ArchivedBaselines.self, from: data)
    }

    /// `result` with its baselines' per-sequence errors left out.
    static func removed(from result: CellResult) -> CellResult {
        var copy = result
        for path in CellResult.evaluations {
            copy[keyPath: path].meanFrame.perSequence = nil
            copy[keyPath: path].lastFrame.perSequence = nil
        }
        return copy
    }

    /// Puts these baselines back into `result`.
    func restore(into result: inout CellResult) {
        for (path, pair) in [(\CellResult.train, train), (\.test, test), (\.backward, backward), (\.long, long)]
        where pair.count == 2 {
            result[keyPath: path].meanFrame = pair[0]
            result[keyPath: path].lastFrame = pair[1]
        }
    }
}

/// The largest pixel difference between the rollouts of the same trained weights by two latent integrators.
public struct IntegratorDifference: Codable, Equatable, Sendable {
    public var first: LatentIntegrator
    public var second: LatentIntegrator
    public var largestPixelDifference: Double

    public init(first: LatentIntegrator, second: LatentIntegrator, largestPixelDifference: Double) {
        self.first = first
        self.second = second
        self.largestPixelDifference = largestPixelDifference
    }
}
