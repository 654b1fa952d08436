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
        #expect {
            try plan.apply(
                targets: nil, lambdas: [0, 10, 10], generator: nil, encoder: nil, trainSizes: nil, steps: nil)
        } throws: { "\($0)".contains("names a value twice") }
        #expect {
            try plan.apply(
                targets: nil, lambdas: nil, generator: nil, encoder: nil, trainSizes: nil, steps: nil,
                validPoints: 1_001)
        } throws: { "\($0)".contains("invalid --valid-points 1001: must be between 1 and 1000") }
    }

    @Test("the sweep cells: the plan's cells among the sweep's targets and sizes, or all of them when none is")
    func sweepCells() throws {
        var plan = FlowStudyPlan.standard(.small)
        #expect(plan.candidateLambdas == [1, 10, 100] && plan.headlineSamples == 128 && plan.validPoints == 1_000)
        #expect(
            plan.sweepCells
                == ["density-ring", "density-half-ring", "density-eight-gaussians"].map {
                    FlowCell(target: $0, nTrain: 1_000)
                })
        #expect(plan.cells.count == 12)
        try plan.apply(
            targets: ["banana"], lambdas: [10, 0, 1], generator: nil, encoder: nil, trainSizes: [100, 1_000], steps: nil
        )
        #expect(plan.candidateLambdas == [1, 10])
        #expect(plan.sweepCells == [100, 1_000].map { FlowCell(target: "density-banana", nTrain: $0) })
    }
}
