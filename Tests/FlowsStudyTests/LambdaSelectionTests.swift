import Foundation
import Testing

@testable import FlowsStudy

/// The rule that chooses the headline EHF λ on `valid`, on fixtures of valid scores with known answers.
@Suite struct LambdaSelectionTests {
    let ring = FlowCell(target: "density-ring", nTrain: 1_000)
    let half = FlowCell(target: "density-half-ring", nTrain: 1_000)
    let eight = FlowCell(target: "density-eight-gaussians", nTrain: 1_000)

    func scores(_ table: [(FlowCell, [Double: Double])]) -> [LambdaSelection.Score] {
        table.flatMap { cell, values in
            values.sorted { $0.key < $1.key }.map {
                LambdaSelection.Score(cell: cell, lambda: $0.key, validNLL: $0.value)
            }
        }
    }

    @Test("the lowest mean valid NLL over the sweep cells wins, even where it is not best on every cell")
    func lowestMean() throws {
        // Means: λ 1 (2.11 + 3.10 + 3.08) / 3 = 2.7633; λ 10 (2.10 + 2.16 + 3.25) / 3 = 2.5033;
        // λ 100 (2.24 + 2.68 + 3.38) / 3 = 2.7667. λ 1 is best on the eight Gaussians alone.
        let selection = try LambdaSelection.choose(
            candidates: [10, 1, 100], cells: [ring, half, eight],
            scores: scores([
                (ring, [1: 2.11, 10: 2.10, 100: 2.24]), (half, [1: 3.10, 10: 2.16, 100: 2.68]),
                (eight, [1: 3.08, 10: 3.25, 100: 3.38]),
            ]))
        #expect(selection.chosen == 10)
        #expect(selection.candidates == [1, 10, 100])
        let expected = [(2.11 + 3.10 + 3.08) / 3, (2.10 + 2.16 + 3.25) / 3, (2.24 + 2.68 + 3.38) / 3]
        #expect(zip(selection.means, expected).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(abs((selection.mean(of: 10) ?? 0) - expected[1]) < 1e-12 && selection.mean(of: 3) == nil)
    }

    @Test("ties go to the smaller λ, whatever the order of the candidates")
    func ties() throws {
        // Means exactly 2.5 for λ 2 and λ 3 (binary-exact sums), 2.75 for λ 0.5.
        let table = scores([(ring, [0.5: 2.5, 2: 2.25, 3: 2.75]), (half, [0.5: 3, 2: 2.75, 3: 2.25])])
        for candidates in [[3.0, 2, 0.5], [0.5, 2, 3], [2, 3, 0.5]] {
            let selection = try LambdaSelection.choose(candidates: candidates, cells: [ring, half], scores: table)
            #expect(selection.chosen == 2)
            #expect(selection.means == [2.75, 2.5, 2.5])
        }
    }

    @Test("a candidate with a missing or non-finite score is never chosen over one with finite scores")
    func missingScores() throws {
        let table = scores([(ring, [1: 0.1, 10: 2.0, 100: .nan]), (half, [10: 2.2, 100: 0.5])])
        let selection = try LambdaSelection.choose(candidates: [1, 10, 100], cells: [ring, half], scores: table)
        #expect(selection.chosen == 10)
        #expect(selection.means[0] == .infinity && selection.means[2] == .infinity)
        // None scored: the smallest λ, and the JSON says null for the means.
        let none = try LambdaSelection.choose(candidates: [10, 1], cells: [ring], scores: [])
        #expect(none.chosen == 1 && none.means == [.infinity, .infinity])
        let json = String(decoding: try JSONEncoder().encode(none), as: UTF8.self)
        #expect(json.contains("\"means\":[null,null]") && json.contains("ties go to the smaller"))
    }

    @Test("no positive candidate, or no sweep cell, is an error that says what to give")
    func errors() {
        #expect { try LambdaSelection.choose(candidates: [0], cells: [ring], scores: []) } throws: {
            "\($0)".contains("needs at least one positive finite value")
        }
        #expect { try LambdaSelection.choose(candidates: [1], cells: [], scores: []) } throws: {
            "\($0)".contains("lambda is chosen on at least one cell")
        }
    }
}
