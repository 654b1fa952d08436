import Foundation
import Support
import Systems
import Training

/// The table's compact files: per-sequence errors and run records as JSON lines, learning curves as CSV, and a
/// `table.json` of every score without the per-sequence errors. Everything a reader needs to recompute the rows and
/// orderings, in a few megabytes for the whole `small` table.
public enum TableArtifacts {
    /// One line of `per-sequence.jsonl`: every sequence's error of one row, seed and evaluation.
    public struct SequenceErrors: Codable, Equatable {
        public var schemaVersion = 1
        public var system: String
        public var row: String
        /// The training seed (`nil` for baseline and floor rows).
        public var seed: UInt64?
        public var evaluation: Evaluation
        /// Pixel MSE of each sequence (the mean over the anchor and the predicted frames), in the evaluator's order
        /// (the split's first sequences), to 6 significant digits.
        public var mse: [Double]
    }

    /// `per-sequence.jsonl`: one line per system, row, seed and evaluation.
    public static func perSequenceLines(_ results: TableResults) throws -> String {
        let encoder = JSONFormat.encoder(pretty: false)
        var text = ""
        for system in results.systems {
            for evaluation in Evaluation.allCases {
                for row in results.allRows {
                    for (seed, scores) in results.scores(row, system, evaluation) {
                        guard let errors = scores.perSequence else { continue }
                        let line = SequenceErrors(
                            system: system.rawValue, row: row, seed: seed, evaluation: evaluation,
                            mse: errors.map(rounded))
                        text += String(decoding: try encoder.encode(line), as: UTF8.self) + "\n"
                    }
                }
            }
        }
        return text
    }

    /// `value` to 6 significant digits.
    static func rounded(_ value: Double) -> Double { Double(String(format: "%.6g", value)) ?? value }

    /// The header of a learning curve kept as means over blocks of steps (a cell's `curve.csv`).
    public static let curveHeader =
        "first_step,last_step,loss,reconstruction,pixel_mse,kl,frames,learning_rate,seconds"

    /// A record's learning curve as means over blocks of steps (`block` steps each, the last one shorter, at most
    /// `maximumRows` blocks), one CSV line per block in the columns of ``curveHeader``.
    public static func curveBlocks(_ record: TrainingRecord, maximumRows: Int = 100) -> [String] {
        let curve = record.learningCurve
        let block = max(1, (curve.count + maximumRows - 1) / maximumRows)
        return stride(from: 0, to: curve.count, by: block).map { start in
            let part = curve[start..<min(start + block, curve.count)]
            func mean(_ value: (LearningCurvePoint) -> Double) -> String {
                String(format: "%.6g", part.map(value).reduce(0, +) / Double(part.count))
            }
            let seconds = part.compactMap(\.seconds)
            return [
                "\(part.first?.step ?? 0)", "\(part.last?.step ?? 0)", mean(\.loss), mean(\.reconstruction),
                mean(\.pixelMeanSquaredError), mean(\.klDivergence), "\(part.last?.frames ?? 0)",
                String(format: "%.6g", part.last?.learningRate ?? 0),
                seconds.isEmpty ? "" : String(format: "%.4g", seconds.reduce(0, +) / Double(seconds.count)),
            ]
            .joined(separator: ",")
        }
    }

    /// The (last step, pixel MSE) of each block of ``curveBlocks(_:maximumRows:)``' lines.
    public static func curvePoints(_ lines: [String]) -> [(step: Double, pixelMSE: Double)] {
        lines.compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count > 4, let step = Double(fields[1]), let mse = Double(fields[4]) else { return nil }
            return (step, mse)
        }
    }

    /// `curves/<system>.csv`: the learning curves of every row and seed of a system (``curveBlocks(_:maximumRows:)``'
    /// lines), each line prefixed by its row and seed: `row,seed,first_step,last_step,loss,reconstruction,pixel_mse,
    /// kl,frames,learning_rate,seconds`.
    public static func curvesCSV(_ curves: [(row: String, seed: UInt64, lines: [String])]) -> String {
        var lines = ["row,seed," + curveHeader]
        for (row, seed, blocks) in curves {
            lines += blocks.map { "\(row),\(seed),\($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line of `records.jsonl`: a cell's run record without its learning curve.
    public struct RecordLine: Codable {
        public var schemaVersion = 1
        public var system: String
        public var row: String
        public var seed: UInt64
        public var record: TrainingRecord
    }

    /// `records.jsonl`: every cell's run record, its learning curve left out (it is in `curves/`).
    public static func recordLines(
        _ records: [(system: SystemKind, row: String, seed: UInt64, record: TrainingRecord)]
    )
        throws -> String
    {
        let encoder = JSONFormat.encoder(pretty: false)
        return try records.map { entry in
            var record = entry.record
            record.learningCurve = []
            let line = RecordLine(system: entry.system.rawValue, row: entry.row, seed: entry.seed, record: record)
            return String(decoding: try encoder.encode(line), as: UTF8.self) + "\n"
        }.joined()
    }

    /// `table.json` (compact JSON, one line): every cell's and floor's scores, the per-sequence errors left out (they
    /// are in `per-sequence.jsonl`), and the orderings.
    public struct TableFile: Codable {
        /// The layout version of `table.json` (2: seeds, floors, orderings; per-sequence errors moved out).
        public var schemaVersion = 2
        public var profile: TableProfile
        public var cells: [CellResult]
        public var floors: [SystemFloor]
        public var orderings: [OrderingResult]
    }

    /// The content of `table.json`.
    public static func tableFile(_ results: TableResults, orderings: [OrderingResult]) -> TableFile {
        func strip(_ scores: RolloutScores) -> RolloutScores {
            var copy = scores
            copy.perSequence = nil
            return copy
        }
        func strip(_ floor: FloorComparison) -> FloorComparison {
            var copy = floor
            copy.truth = strip(copy.truth)
            copy.oracle = strip(copy.oracle)
            return copy
        }
        let cells = results.systems.flatMap { system in
            results.modelRows.flatMap { results.cells($0, system) }.map { $0.mapScores(strip) }
        }
        let floors = results.systems.compactMap { results.floors[$0] }.map { floor -> SystemFloor in
            var copy = floor
            for path in [\SystemFloor.train, \.test, \.backward, \.long] {
                copy[keyPath: path] = strip(copy[keyPath: path])
            }
            return copy
        }
        return TableFile(profile: results.profile, cells: cells, floors: floors, orderings: orderings)
    }
}
