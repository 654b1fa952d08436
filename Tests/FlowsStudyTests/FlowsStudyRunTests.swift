import Foundation
import Testing

@testable import FlowsStudy

/// A whole (tiny) run of the study: the order of work, the choice of λ on valid and the report that states it.
@Suite struct FlowsStudyRunTests {
    @Test("λ is chosen on the sweep's valid scores, the other cells train the chosen EHF, and the report says so")
    func tinyRun() throws {
        let data = NSTemporaryDirectory() + "FlowsStudyRunTests-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: data) }
        var plan = FlowStudyPlan.standard(.smoke)
        try plan.apply(
            targets: ["ring"], lambdas: [0, 1, 10], generator: nil, encoder: nil, trainSizes: [20, 40], steps: 3,
            testPoints: 24, validPoints: 16)
        plan.architecture.hiddenWidth = 4
        plan.architecture.encoderWidth = 4
        plan.architecture.flows = 1
        plan.architecture.leapfrogSteps = 1
        plan.batchSize = 8
        plan.importanceSamples = [1, 4]
        plan.invariancePoints = 2
        plan.figureSamples = 1
        plan.sweepTrainSizes = [20]
        var lines: [String] = []
        let results = try FlowsStudy(plan: plan, dataRoot: data) { lines.append($0) }.run()

        let sweep = FlowCell(target: "density-ring", nTrain: 20)
        let selection = try #require(results.selection)
        #expect(selection.cells == [sweep] && selection.candidates == [1, 10])
        // The choice is the rule applied to the valid scores of the sweep rows.
        let scores = results.rows.filter { $0.nTrain == 20 && $0.model.hasPrefix("ehf") && $0.lambda != 0 }
        let best = try #require(
            scores.min { ($0.validNLL ?? .infinity, $0.lambda ?? 0) < ($1.validNLL ?? .infinity, $1.lambda ?? 0) })
        #expect(selection.chosen == best.lambda && best.model == "ehf")
        #expect(
            results.rows.filter { $0.nTrain == 20 }.map(\.model) == [
                "true", "gaussian", "kde", "nhf", "ehf", "ehf-lambda-\(formatLambda(selection.chosen == 1 ? 10 : 1))",
                "ehf-encoder-only",
            ])
        // Valid is scored on the sweep only; the other cell trains NHF and the chosen EHF.
        #expect(results.rows.filter { $0.nTrain == 20 && $0.lambda != nil }.allSatisfy { $0.validNLL != nil })
        let other = results.rows.filter { $0.nTrain == 40 }
        #expect(other.map(\.model) == ["true", "gaussian", "kde", "nhf", "ehf"])
        #expect(other.allSatisfy { $0.validNLL == nil } && other.last?.lambda == selection.chosen)
        // Work order: every sweep model is trained before any model of the other cell.
        let firstOther = try #require(lines.firstIndex { $0.hasPrefix("[density-ring n=40") })
        let choice = try #require(lines.firstIndex { $0.hasPrefix("lambda chosen on valid") })
        let lastSweep = try #require(lines.lastIndex { $0.hasPrefix("[density-ring n=20") })
        #expect(lastSweep < choice && choice < firstOther)
        // Comparisons on both cells, the encoder-alone one on the sweep only; figures at the largest size.
        #expect(
            results.orderings.filter { $0.cell == sweep }.map(\.second) == ["nhf", "kde", "kde", "ehf-encoder-only"])
        #expect(results.orderings.filter { $0.cell.nTrain == 40 }.map(\.second) == ["nhf", "kde", "kde"])
        #expect(results.orderings.allSatisfy { $0.points == 24 })
        #expect(results.pictures.map(\.nTrain) == [40] && results.pictures.first?.flows.map(\.model) == ["nhf", "ehf"])

        let report = FlowsReport(
            plan: plan, results: results,
            environment: FlowsEnvironment(command: "hgnbench flows (test)", loadBefore: "0", loadAfter: "0", seconds: 0)
        )
        let markdown = report.markdown()
        #expect(markdown.contains("Chosen: **λ = \(formatLambda(selection.chosen))**"))
        #expect(markdown.contains("## Paired comparisons on test") && markdown.contains("one training seed"))
        let csv = report.csv().split(separator: "\n")
        #expect(
            csv.first
                == "target,n_train,model,lambda,test_nll,test_nll_iw128,valid_nll_iw128,gap_to_true,invariance_error,seconds"
        )
        #expect(csv.count == 1 + results.rows.count)
    }

    @Test("the selection table shows every sweep flow's valid score, the means and the choice, exactly")
    func selectionTable() throws {
        let plan = FlowStudyPlan.standard(.small)
        let ring = FlowCell(target: "density-ring", nTrain: 1_000)
        let half = FlowCell(target: "density-half-ring", nTrain: 1_000)
        func row(_ cell: FlowCell, _ model: String, _ lambda: Double, valid: Double) -> FlowsResultRow {
            var row = FlowsResultRow(
                target: cell.target, nTrain: cell.nTrain, model: model, lambda: lambda, encoder: "gaussian", testNLL: 0,
                testNLLIW16: 0, testNLLIW128: 0, gapToTrue: 0, invarianceError: 0, seconds: 0, evaluationSeconds: 0)
            row.validNLL = valid
            return row
        }
        let rows = [
            row(ring, "nhf", 0, valid: 2.25), row(ring, "ehf", 10, valid: 2.0),
            row(ring, "ehf-lambda-1", 1, valid: 2.5),
            row(half, "nhf", 0, valid: 4.0), row(half, "ehf", 10, valid: 1.5), row(half, "ehf-lambda-1", 1, valid: 3.0),
        ]
        let selection = try LambdaSelection.choose(
            candidates: [1, 10], cells: [ring, half],
            scores: rows.filter { $0.model != "nhf" }.map {
                LambdaSelection.Score(
                    cell: FlowCell(target: $0.target, nTrain: $0.nTrain), lambda: $0.lambda ?? 0,
                    validNLL: $0.validNLL ?? 0)
            })
        let results = FlowsResults(rows: rows, selection: selection, trueValidNLL: [ring: 2.0625, half: 1.375])
        let report = FlowsReport(
            plan: plan, results: results,
            environment: FlowsEnvironment(command: "test", loadBefore: "0", loadAfter: "0", seconds: 0))
        #expect(
            report.selectionTable() == """
                | target | n_train | true | nhf | λ = 1 | λ = 10 |
                |---|---|---|---|---|---|
                | density-ring | 1000 | 2.0625 | 2.2500 | 2.5000 | 2.0000 |
                | density-half-ring | 1000 | 1.3750 | 4.0000 | 3.0000 | 1.5000 |
                | **mean over the sweep cells** |  |  |  | 2.7500 | **1.7500** (chosen) |

                Chosen: **λ = 10**, mean valid NLL 1.7500 against 2.7500 for the next best (λ = 1). Rule: \(LambdaSelection.rule).

                """)
    }
}
