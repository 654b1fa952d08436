import Foundation

extension DatasetValidator {
    /// Checks a shard's stored statistics sums: that they count its trajectories and pixels, and that the sums of
    /// `/x`, `/dx_dt`, their frame-to-frame differences and `/energy`, recomputed from the data, are exactly the stored
    /// ones. (The pixel sums are checked by count only: recomputing them would decompress every frame.)
    func checkStatisticsSums(
        _ reader: ShardReader, name: String, into report: inout ValidationReport
    ) throws(DatasetError) {
        let stored = try reader.statisticsSums()
        let n = reader.count, t = reader.frames, s = reader.stateCount, r = reader.resolution
        var recomputed = StatisticsSums(stateCount: s)
        var start = 0
        while start < n {
            let range = start..<min(start + 512, n)
            let states = try reader.states(range), derivatives = try reader.derivatives(range)
            let energies = try reader.energies(range)
            for i in 0..<range.count {
                let rows = (i * t * s)..<((i + 1) * t * s)
                recomputed.state.addTrajectory(rows: states[rows])
                recomputed.stateDerivative.addTrajectory(rows: derivatives[rows])
                recomputed.stateDifference.addTrajectoryDifferences(rows: states[rows])
                recomputed.energy.addTrajectory(rows: energies[(i * t)..<((i + 1) * t)])
            }
            start = range.upperBound
        }
        let fieldsAgree = [
            (stored.state, recomputed.state), (stored.stateDerivative, recomputed.stateDerivative),
            (stored.stateDifference, recomputed.stateDifference), (stored.energy, recomputed.energy),
        ].allSatisfy { $0.0.equalsExactly($0.1) }
        report.record(
            name, fieldsAgree && stored.image.count == n * t * r * r,
            "statistics sums: \(stored.trajectories) trajectories; x, dx_dt, x_delta and energy sums recomputed from the data agree exactly; \(stored.image.count) pixels per channel"
        )
    }

    /// Checks the manifest's statistics against the sums of its train split's shards; skipped when one of those shards
    /// already failed a check (that failure says what to do, and its sums cannot be trusted).
    func checkStatistics(_ manifest: Manifest, into report: inout ValidationReport) {
        let trainFiles = Set(
            manifest.splits.filter { $0.name == NormalizationStatistics.splitName }.flatMap { $0.shards.map(\.file) })
        guard !report.checks.contains(where: { !$0.passed && trainFiles.contains($0.subject) }) else { return }
        do {
            let expected = try NormalizationStatistics.of(manifest, folder: folder)
            switch (manifest.statistics, expected) {
            case (nil, nil):
                break
            case (let recorded?, let expected?):
                report.record(
                    "statistics", recorded == expected,
                    recorded == expected
                        ? "the manifest's statistics are those of the \(expected.split) split's \(manifest.splits.first { $0.name == expected.split }?.shards.count ?? 0) shard(s), to the bit"
                        : "the manifest's statistics differ from those pooled from the \(expected.split) split's shards"
                )
            case (nil, _?):
                report.record(
                    "statistics", false,
                    "the manifest has a train split but no statistics; rerun `physgen generate` to rewrite it")
            case (_?, nil):
                report.record("statistics", false, "the manifest has statistics but no train split")
            }
        } catch {
            report.record("statistics", false, "\(error)")
        }
    }

    /// Checks the folder's dataset card against the manifest.
    func checkCard(_ manifest: Manifest, into report: inout ValidationReport) {
        do {
            let expected = try DatasetCard.video(manifest)
            DatasetCard.check(
                folder: folder, against: expected,
                manifestSHA256: manifest.splits.flatMap { $0.shards.map(\.sha256) }, into: &report)
        } catch {
            report.record(DatasetCard.fileName, false, "\(error)")
        }
    }
}

extension CoordinateSums {
    /// Whether both hold exactly the same sums (compared by exact value, not by how the partials are split).
    func equalsExactly(_ other: CoordinateSums) -> Bool {
        guard count == other.count, coordinates == other.coordinates, minimum == other.minimum, maximum == other.maximum
        else { return false }
        return (0..<coordinates).allSatisfy { j in
            (sum[j] - other.sum[j]).value == 0 && (sumOfSquares[j] - other.sumOfSquares[j]).value == 0
        }
    }
}
