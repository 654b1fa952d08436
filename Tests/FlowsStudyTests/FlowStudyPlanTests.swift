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
        #expect(plan.targets == ["density-ring", "density-banana"] && plan.headlineLambda == 2)
    }
}
