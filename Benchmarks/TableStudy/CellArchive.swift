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
/// - `result.json`: the ``CellResult`` (every evaluation with its per-sequence errors), compact JSON. Written last: a
///   cell is archived when this file exists.
/// - `record.json`: the run record without its per-step learning curve, compact JSON.
/// - `curve.csv`: the learning curve as means over blocks of steps (``TableArtifacts/curveBlocks(_:maximumRows:)``).
/// - `strip.png`, first seed only: test rollouts beside the truth (``TableStrips``).
/// - `integrators.json`, first seed of the first row only: the largest pixel difference between the trained weights
///   rolled out by each pair of latent integrators (``IntegratorDifference``).
///
/// The floor of a system is kept beside its cells (`<out>/cells/<preset>/floor.json`).
public struct CellArchive {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public enum FileName {
        public static let result = "result.json"
        public static let record = "record.json"
        public static let curve = "curve.csv"
        public static let strip = "strip.png"
        public static let integrators = "integrators.json"
    }

    public func path(_ file: String) -> String { TableFiles.join(directory, file) }

    /// The archived result, if the cell is archived.
    public func result() -> CellResult? {
        guard let data = FileManager.default.contents(atPath: path(FileName.result)) else { return nil }
        return try? JSONFormat.decoder().decode(CellResult.self, from: data)
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
    public func write(
        result: CellResult, record: TrainingRecord?, strip: [UInt8]?, integrators: [IntegratorDifference]?
    ) throws {
        let encoder = JSONFormat.encoder(pretty: false)
        if let record {
            var withoutCurve = record
            withoutCurve.learningCurve = []
            try TableFiles.writeData(try encoder.encode(withoutCurve), to: path(FileName.record))
            try TableFiles.writeText(
                ([TableArtifacts.curveHeader] + TableArtifacts.curveBlocks(record)).joined(separator: "\n") + "\n",
                to: path(FileName.curve))
        }
        if let strip { try TableFiles.writeBytes(strip, to: path(FileName.strip)) }
        if let integrators { try TableFiles.writeData(try encoder.encode(integrators), to: path(FileName.integrators)) }
        try TableFiles.writeData(try encoder.encode(result), to: path(FileName.result))
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
