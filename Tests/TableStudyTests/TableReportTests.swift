import BenchmarkStatistics
import Foundation
import Systems
import Testing

@testable import TableStudy
@testable import Training

/// A table with known answers: the pendulum, 4 test sequences, two seeds of two models whose errors differ from the
/// mean frame's by a constant per seed, so that every mean, t-interval and bootstrap interval is known exactly.
///
/// Errors (x 1e-4) per sequence: mean-frame 2, 3, 4, 3; last-frame 5, 6, 7, 6; hgn-leapfrog the mean frame's − 2
/// (seed 1) and − 1 (seed 2); pixelhnn + 1 (seed 1) and + 2 (seed 2); truth 0.5 everywhere; oracle 1 everywhere.
enum KnownTable {
    static let meanFrame = [2.0, 3, 4, 3].map { $0 * 1e-4 }
    static let lastFrame = [5.0, 6, 7, 6].map { $0 * 1e-4 }

    static func offset(_ shift: Double) -> [Double] { meanFrame.map { $0 + shift * 1e-4 } }

    static var results: TableResults {
        let cells = [
            cell("hgn-leapfrog", .pendulum, seed: 1, model: offset(-2), meanFrame: meanFrame, lastFrame: lastFrame),
            cell("hgn-leapfrog", .pendulum, seed: 2, model: offset(-1), meanFrame: meanFrame, lastFrame: lastFrame),
            cell("pixelhnn", .pendulum, seed: 1, model: offset(1), meanFrame: meanFrame, lastFrame: lastFrame),
            cell("pixelhnn", .pendulum, seed: 2, model: offset(2), meanFrame: meanFrame, lastFrame: lastFrame),
        ]
        let floorComparison = FloorComparison(
            split: "test", direction: .forward, truth: scores(Array(repeating: 0.5e-4, count: 4)),
            oracle: scores(Array(repeating: 1e-4, count: 4)),
            oracleFit: OracleFitSummary(
                medianResidual: 0.08, maximumResidual: 0.1, observationNoise: 0.1,
                medianIterations: 6))
        let floor = SystemFloor(
            system: "pendulum", inputFrames: 5, train: floorComparison, test: floorComparison,
            backward: floorComparison, long: floorComparison)
        return TableResults(
            profile: .smoke, systems: [.pendulum], cells: [.pendulum: cells], floors: [.pendulum: floor])
    }

    static var report: TableReport {
        let results = Self.results
        return TableReport(
            results: results, orderings: TableOrderings.compute(results), command: "hgnbench table --fixture",
            datasets: [.pendulum: "data/pendulum-smoke"])
    }
}

@Suite("Table report on a table with known answers")
struct TableReportTests {
    @Test("rows: mean over seeds, 95% t-interval over the seed means, spread over sequences")
    func rowStatistics() throws {
        let results = KnownTable.results
        let leapfrog = try #require(results.statistics("hgn-leapfrog", .pendulum, .test))
        #expect(leapfrog.seeds == [1, 2] && leapfrog.sequences == 4)
        #expect(abs(leapfrog.mean - 1.5e-4) < 1e-15)
        // Two seed means 1 and 2 (x 1e-4): sd 1/√2, half-width t(0.975, 1) · (1/√2) / √2 = tan(0.475 π) / 2.
        let half = tan(0.475 * Double.pi) / 2 * 1e-4
        let interval = try #require(leapfrog.interval)
        #expect(abs(interval.lower - (1.5e-4 - half)) < 1e-12 && abs(interval.upper - (1.5e-4 + half)) < 1e-12)
        // Each seed's errors are 0, 1, 2, 1 (or 1, 2, 3, 2): sd √(2/3).
        #expect(abs(leapfrog.sequenceStandardDeviation - (2.0 / 3).squareRoot() * 1e-4) < 1e-15)
        let floor = try #require(results.statistics("oracle", .pendulum, .test))
        #expect(floor.seeds.isEmpty && floor.interval == nil && abs(floor.mean - 1e-4) < 1e-15)
        let gap = try #require(results.gapFraction("hgn-leapfrog", .pendulum, floor: "truth"))
        #expect(abs(gap.value - 0.4) < 1e-12)
    }

    @Test("orderings: paired differences with known bootstrap intervals and verdicts")
    func orderings() {
        let orderings = TableOrderings.compute(KnownTable.results)
        #expect(orderings.map(\.first) == ["hgn-leapfrog", "hgn-leapfrog", "pixelhnn"])
        #expect(orderings.map(\.second) == ["pixelhnn", "mean-frame", "mean-frame"])
        #expect(orderings.map(\.verdict) == [.holds, .holds, .reversed])
        let expected: [(Double, Double, Double)] = [(-3, -3, -3), (-1.5, -2, -1), (1.5, 1, 2)]
        for (ordering, (difference, lower, upper)) in zip(orderings, expected) {
            #expect(abs(ordering.difference - difference * 1e-4) < 1e-15)
            #expect(
                abs(ordering.interval.lower - lower * 1e-4) < 1e-15
                    && abs(ordering.interval.upper - upper * 1e-4) < 1e-15)
            #expect(ordering.seeds == [1, 2] && ordering.seedsAgreeing == 2 && ordering.sequences == 4)
        }
    }

    @Test("an interval that contains zero is not resolved")
    func notResolved() throws {
        var results = KnownTable.results
        // pixelhnn's seed 1 now 1 below the mean frame, seed 2 still 2 above: the interval [−1, +2] contains 0.
        results.cells[.pendulum]?[2] = cell(
            "pixelhnn", .pendulum, seed: 1, model: KnownTable.offset(-1),
            meanFrame: KnownTable.meanFrame, lastFrame: KnownTable.lastFrame)
        let ordering = try #require(TableOrderings.compute(results).last)
        #expect(ordering.verdict == .notResolved && ordering.seedsAgreeing == 1)
        #expect(abs(ordering.interval.lower + 1e-4) < 1e-15 && abs(ordering.interval.upper - 2e-4) < 1e-15)
    }

    @Test("an interval inside ±1% of B's mean is no practical difference, whatever its sign")
    func negligible() {
        let reference = 20e-4
        let band = OrderingVerdict.negligibleFraction * reference
        let inside = ConfidenceInterval(lower: -0.5 * band, upper: -0.1 * band)
        #expect(OrderingVerdict.of(inside, reference: reference) == .negligible)
        #expect(
            OrderingVerdict.of(ConfidenceInterval(lower: 0.2 * band, upper: band), reference: reference) == .negligible)
        #expect(
            OrderingVerdict.of(ConfidenceInterval(lower: -2 * band, upper: -0.5 * band), reference: reference) == .holds
        )
        #expect(
            OrderingVerdict.of(ConfidenceInterval(lower: 0.5 * band, upper: 3 * band), reference: reference)
                == .reversed)
        #expect(
            OrderingVerdict.of(ConfidenceInterval(lower: -2 * band, upper: 2 * band), reference: reference)
                == .notResolved)
    }

    @Test("orderings.csv and orderings.md, exactly")
    func orderingsFiles() {
        let orderings = TableOrderings.compute(KnownTable.results)
        #expect(
            TableOrderings.csv(orderings) == """
                system,first,second,claim,seeds,sequences,first_mean_x1e4,second_mean_x1e4,difference_x1e4,lower_x1e4,upper_x1e4,seeds_agreeing,verdict
                pendulum,hgn-leapfrog,pixelhnn,"HGN below PixelHNN (the paper: by a large margin)",1 2,4,1.5000,4.5000,-3.0000,-3.0000,-3.0000,2,holds
                pendulum,hgn-leapfrog,mean-frame,"hgn-leapfrog below the mean frame (more than the background)",1 2,4,1.5000,3.0000,-1.5000,-2.0000,-1.0000,2,holds
                pendulum,pixelhnn,mean-frame,"pixelhnn below the mean frame (more than the background)",1 2,4,4.5000,3.0000,1.5000,1.0000,2.0000,2,reversed

                """)
        let markdown = TableOrderings.markdown(orderings, profile: .smoke, command: "hgnbench table --fixture")
        #expect(
            markdown == "# Orderings of the HGN table at profile `smoke`\n\nCommand: `hgnbench table --fixture`\n\n"
                + TableOrderings.method(bootstrap: .table) + "\n" + """
                    | system | claim (A below B) | A | B | A − B (x 1e-4) | 95% interval | (A − B) / B | seeds agreeing | verdict |
                    |---|---|---|---|---|---|---|---|---|
                    | pendulum | HGN below PixelHNN (the paper: by a large margin) | hgn-leapfrog 1.50 | pixelhnn 4.50 | -3.00 | [-3.00, -3.00] | -66.7% | 2/2 | **holds** |
                    | pendulum | hgn-leapfrog below the mean frame (more than the background) | hgn-leapfrog 1.50 | mean-frame 3.00 | -1.50 | [-2.00, -1.00] | -50.0% | 2/2 | **holds** |
                    | pendulum | pixelhnn below the mean frame (more than the background) | pixelhnn 4.50 | mean-frame 3.00 | +1.50 | [+1.00, +2.00] | +50.0% | 2/2 | **reversed** |

                    """)
        #expect(TableOrderings.method(bootstrap: .table).contains("generator seed 2026, 10000 replicates"))
    }

    @Test("table1.csv, exactly")
    func tableCSV() {
        let lines = KnownTable.report.csv().split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + 4 * 6)
        #expect(
            lines[0] == "system,row,evaluation,seeds,sequences,mean_x1e4,lower_x1e4,upper_x1e4,sequence_sd_x1e4,"
                + "ratio_to_mean_frame,gap_to_truth,gap_to_oracle,vpt")
        #expect(
            Array(lines[7...12]) == [
                "pendulum,hgn-leapfrog,test,1 2,4,1.5000,-4.8531,7.8531,0.8165,0.5000,0.4000,0.2500,1.00",
                "pendulum,pixelhnn,test,1 2,4,4.5000,-1.8531,10.8531,0.8165,1.5000,1.6000,1.7500,1.00",
                "pendulum,mean-frame,test,,4,3.0000,,,0.8165,1.0000,,,1.00",
                "pendulum,last-frame,test,,4,6.0000,,,0.8165,2.0000,,,1.00",
                "pendulum,truth,test,,4,0.5000,,,0.0000,0.1667,,,1.00",
                "pendulum,oracle,test,,4,1.0000,,,0.0000,0.3333,,,1.00",
            ])
        #expect(lines[1] == "pendulum,hgn-leapfrog,train,1 2,4,1.5000,-4.8531,7.8531,0.8165,0.5000,,,1.00")
    }

    @Test("table1.md: Table 1, the floor gap and the orderings, exactly")
    func tableMarkdown() throws {
        let markdown = KnownTable.report.markdown()
        func section(_ heading: String) throws -> String {
            let start = try #require(markdown.range(of: heading + "\n\n"))
            let rest = markdown[start.upperBound...]
            let table = try #require(rest.range(of: "| row"))
            let end = rest.range(of: "\n\n", range: table.lowerBound..<rest.endIndex)?.lowerBound ?? rest.endIndex
            return String(rest[table.lowerBound..<end]) + "\n"
        }
        #expect(
            try section("## Table 1: test pixel MSE (x 1e-4)") == """
                | row | pendulum |
                |---|---|
                | hgn-leapfrog | 1.50 [-4.85, 7.85] |
                | pixelhnn | 4.50 [-1.85, 10.85] |
                | mean-frame | 3.00 |
                | last-frame | 6.00 |
                | truth | 0.50 |
                | oracle | 1.00 |

                """)
        #expect(
            try section("## Between the mean frame and the floor (test)") == """
                | row | pendulum vs truth | pendulum vs oracle |
                |---|---|---|
                | hgn-leapfrog | 0.40 [-2.14, 2.94] | 0.25 [-2.93, 3.43] |
                | pixelhnn | 1.60 [-0.94, 4.14] | 1.75 [-1.43, 4.93] |

                """)
        #expect(
            try section("### pendulum").hasPrefix(
                """
                | row | seeds | test | 95% interval | seed means | sequence sd | / mean-frame | VPT | train | backward | long |
                |---|---|---|---|---|---|---|---|---|---|---|
                | hgn-leapfrog | 2 | 1.50 | [-4.85, 7.85] | 1.00, 2.00 | 0.82 | 0.50 | 1.0 / 1 | 1.50 | 1.50 | 1.50 |
                """))
        #expect(
            markdown.contains(
                "| pendulum | HGN below PixelHNN (the paper: by a large margin) | -3.00 | [-3.00, -3.00] | 2/2 | **holds** |"
            ))
        #expect(markdown.contains("Command: `hgnbench table --fixture`"))
        // Against the paper: seeds 1 and 2 average to 0.5, 1.5, 2.5, 1.5 per sequence (sd √(2/3)), whose interval is
        // 1.5 ± t(0.975, 3) · √(2/3) / 2 = 1.5 ± 1.2992; the paper's 11.72 lies above the interval over seeds.
        #expect(
            try section("## Against the paper (test, x 1e-4)") == """
                | row | system | ours | 95% over seeds | 95% over sequences | sequence sd | paper (mean ± sd) | ours − paper | ours / paper | verdict |
                |---|---|---|---|---|---|---|---|---|---|
                | hgn-leapfrog | pendulum | 1.50 | [-4.85, 7.85] | [0.20, 2.80] | 0.82 | 11.72 ± 4.14 | -10.22 | 0.13x | ours below the paper's |

                """)
    }

    @Test("per-sequence.jsonl keeps every sequence of every row, seed and evaluation; table.json leaves them out")
    func compactFiles() throws {
        let results = KnownTable.results
        let lines = try TableArtifacts.perSequenceLines(results).split(separator: "\n")
        // 4 evaluations x (2 models x 2 seeds + 2 baselines + 2 floor rows).
        #expect(lines.count == 4 * 8)
        let first = try JSONDecoder().decode([String: JSONValue].self, from: Data(lines[0].utf8))
        #expect(
            first["row"] == .string("hgn-leapfrog") && first["seed"] == .number(1)
                && first["evaluation"] == .string("train"))
        #expect(first["mse"] == .array([0, 1e-4, 2e-4, 1e-4].map { .number($0) }))
        let file = TableArtifacts.tableFile(results, orderings: [])
        #expect(file.cells.count == 4 && file.cells.allSatisfy { $0.test.model.perSequence == nil })
        #expect(file.floors.allSatisfy { $0.test.oracle.perSequence == nil })
    }
}

/// Enough of JSON to compare a decoded line.
enum JSONValue: Decodable, Equatable {
    case string(String)
    case number(Double)
    case array([JSONValue])
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .other
        }
    }
}
