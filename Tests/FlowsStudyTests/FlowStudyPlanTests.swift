import FlowsStudy
import Testing

/// The flows study's plan refuses bad flags with messages that name them.
@Suite struct FlowStudyPlanTests {
    @Test("unknown targets, negative lambdas and generators the encoder cannot follow are refused")
    func badFlags() throws {
        var plan = FlowStudyPlan.standard(.smoke)
        #expect {
            try plan.apply(targets: ["donut"], lambdas: nil, generator: nil, encoder: nil, trainSizes: nil, steps: nil)
        } throws: { "\($0)".contains("unknown density target 'donut'; known targets: density-ring, density-half-ring") }
        #expect {
            try plan.apply(targets: nil, lambdas: [0, -1], generator: nil, encoder: nil, trainSizes: nil, steps: nil)
        } throws: { "\($0)".contains("invalid lambda -1.0") }
        #expect {
            try plan.apply(targets: nil, lambdas: nil, generator: "boost", encoder: nil, trainSizes: nil, steps: nil)
        } throws: { "\($0)".contains("unknown symmetry generator 'boost'") }
        #expect {
            try plan.apply(
                targets: nil, lambdas: nil, generator: "translation", encoder: nil, trainSizes: nil, steps: nil)
        } throws: { "\($0)".contains("equivariant under rotations only") }
        try plan.apply(
            targets: ["ring", "density-banana"], lambdas: [0, 2], generator: "translation", encoder: "gaussian",
            trainSizes: [50], steps: 3)
        #expect(plan.targets == ["density-ring", "density-banana"] && plan.candidateLambdas == [2])
    }
}

/// The rule that picks the headline EHF's λ from the candidates' `valid` scores.
@Suite("λ chosen on valid")
struct LambdaSelectionTests {
    private func candidate(_ lambda: Double, _ scores: [String: Double]) -> LambdaSelection.Candidate {
        LambdaSelection.Candidate(lambda: lambda, validNLL: scores)
    }

    @Test("the lowest mean valid NLL over the sweep cells wins, whatever the order of the candidates")
    func lowestMean() {
        // Means: λ 1 -> 2.0, λ 10 -> 1.9, λ 100 -> 2.05.
        let candidates = [
            candidate(1, ["ring/1000": 1.8, "eight/1000": 2.2]),
            candidate(10, ["ring/1000": 1.9, "eight/1000": 1.9]),
            candidate(100, ["ring/1000": 1.7, "eight/1000": 2.4]),
        ]
        #expect(abs(candidates[1].meanValidNLL - 1.9) < 1e-15)
        #expect(FlowsStudy.chooseLambda(candidates) == 10)
        #expect(FlowsStudy.chooseLambda(candidates.reversed()) == 10)
    }

    @Test("a tie goes to the smaller λ; a candidate without a finite score never wins; none scored gives nil")
    func tiesAndNonFinite() {
        #expect(FlowsStudy.chooseLambda([candidate(10, ["a": 2]), candidate(1, ["a": 2])]) == 1)
        #expect(FlowsStudy.chooseLambda([candidate(1, ["a": .nan]), candidate(10, ["a": 3])]) == 10)
        #expect(FlowsStudy.chooseLambda([candidate(1, ["a": .infinity])]) == nil)
        #expect(FlowsStudy.chooseLambda([candidate(1, [:])]) == nil)
    }
}
