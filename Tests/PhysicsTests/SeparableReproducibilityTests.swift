import SeededRandom
import Testing

@testable import Physics

/// The fixed-step integrators on the separable systems are pinned bit for bit: the datasets' fixed-step ground truth
/// and the numbers of `hgnbench integrators` depend on them, so no change to the integrators (such as the generalised
/// forms for non-separable systems) may alter a single bit of their separable paths.
@Suite struct SeparableReproducibilityTests {
    /// FNV-1a over the IEEE bit patterns of the numbers: equal digests mean bit-identical arrays.
    static func digest(_ values: [Double]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for value in values {
            var bits = value.bitPattern
            for _ in 0..<8 {
                hash = (hash ^ (bits & 0xFF)) &* 0x0000_0100_0000_01B3
                bits >>= 8
            }
        }
        return hash
    }

    /// Digests of the state after 1,000 steps of dt 0.01 from the sampler's state of seed 5, recorded with the
    /// explicit splitting code before the integrators were generalised to non-separable systems.
    static let recorded: [String: UInt64] = [
        "euler/massSpring": 0x1FFD_A63B_1404_A862,
        "euler/pendulum": 0x202C_D812_7459_5BCE,
        "euler/threeBody": 0x7B5C_2D6F_DDCA_119E,
        "euler/twoBody": 0x116A_E175_5654_6428,
        "euler/unequalThreeBody": 0x82C0_C6C5_5EDA_CF2F,
        "leapfrog/massSpring": 0x67E3_D5A0_4557_0512,
        "leapfrog/pendulum": 0xB8A8_5E18_7157_A542,
        "leapfrog/threeBody": 0xA9C_06A7_5B59_92D7,
        "leapfrog/twoBody": 0x2E7F_B917_A648_E120,
        "leapfrog/unequalThreeBody": 0xFE19_5DE9_EC50_17A2,
        "rk4/massSpring": 0xF177_B3F4_4772_8EFF,
        "rk4/pendulum": 0x57E2_4972_A6B1_4592,
        "rk4/threeBody": 0xBE36_9804_2507_D570,
        "rk4/twoBody": 0x9F53_1E45_1D4E_ED99,
        "rk4/unequalThreeBody": 0x699C_828F_2CEE_49A3,
        "symplectic-euler/massSpring": 0xE00C_FEE5_7E23_6A3F,
        "symplectic-euler/pendulum": 0xDBA9_3E75_CCC6_DB49,
        "symplectic-euler/threeBody": 0x10C3_BE70_EB63_83FD,
        "symplectic-euler/twoBody": 0xD83E_01B3_AAD7_4607,
        "symplectic-euler/unequalThreeBody": 0xC187_E455_3193_1C53,
        "yoshida4/massSpring": 0x2F6B_15D0_97B3_2115,
        "yoshida4/pendulum": 0x2B2C_03F4_6E95_C19E,
        "yoshida4/threeBody": 0xDF6D_E406_44F2_BDBD,
        "yoshida4/twoBody": 0x30B1_0647_4F0B_A4E4,
        "yoshida4/unequalThreeBody": 0xACCC_92AD_8A59_C2AB,
    ]

    @Test(arguments: IntegrationMethod.fixedStepMethods)
    func finalStatesAreBitIdenticalToTheRecordedOnes(_ method: IntegrationMethod) throws {
        for testSystem in TestSystem.allCases {
            var state = testSystem.sampledState(seed: 5)
            var workspace = IntegratorWorkspace(stateCount: state.count)
            let evaluations = try method.advance(
                testSystem.system, state: &state, stepSize: 0.01, steps: 1_000, workspace: &workspace)
            let key = "\(method.rawValue)/\(testSystem)"
            let value = Self.digest(state) &+ UInt64(evaluations)
            #expect(Self.recorded[key] == value, "\(key)")
        }
    }
}
