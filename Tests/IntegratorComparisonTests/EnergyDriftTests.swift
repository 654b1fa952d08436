import Foundation
import Physics
import Testing

@testable import IntegratorComparison

/// The secular-drift classifier, on synthetic envelopes and on real runs.
@Suite struct EnergyDriftTests {
    static let midpoints = (0..<50).map { Double($0) + 0.5 }

    @Test func syntheticEnvelopesAreClassified() throws {
        let horizon = 50.0
        func assess(_ envelope: [Double?]) -> EnergyDriftAssessment {
            SecularDriftClassifier.assess(windowMidpoints: Self.midpoints, envelope: envelope, horizon: horizon)
        }
        let band = assess(Self.midpoints.map { 1e-4 * (1 + 0.1 * sin($0)) })
        let bandGrowth = try #require(band.growthRatio)
        #expect(band.behaviour == .bounded && abs(bandGrowth) < 0.1)
        let ramp = assess(Self.midpoints.map { 1e-6 * $0 })
        let rampGrowth = try #require(ramp.growthRatio)
        #expect(ramp.behaviour == .drifting && abs(rampGrowth - 2) < 0.05)
        #expect(abs(try #require(ramp.slope) - 1e-6) <= 1e-18)
        #expect(assess(Self.midpoints.map { 1e-3 * exp($0 / 10) }).behaviour == .drifting)
        #expect(assess(Self.midpoints.map { 1e-3 * exp(-$0 / 10) }).behaviour == .bounded, "shrinking is not drift")
        #expect(assess(Self.midpoints.map { 1e-15 * $0 }).behaviour == .roundingLevel)
        #expect(assess(Self.midpoints.map { $0 < 30 ? 1e-3 : nil }).behaviour == .diverged)
        // Escaped bodies: the error jumps to O(1) in the first windows and stays there.
        #expect(assess(Self.midpoints.map { $0 < 3 ? 0.6 : 0.98 }).behaviour == .lost)
        // A steadily growing error stays "drifting" even when it passes the loss threshold.
        #expect(assess(Self.midpoints.map { 0.1 * $0 }).behaviour == .drifting)
    }

    @Test func verdictsNameWhenTheMotionWasLost() {
        var record = SharedStudies.smallReport.records[0]
        record.energyBehaviour = .drifting
        record.energyLossTime = 12
        record.divergenceTime = nil
        #expect(record.energyVerdict(period: 4) == "drifting, lost at 3.00 T")
        record.energyBehaviour = .diverged
        record.divergenceTime = 2000
        #expect(record.energyVerdict(period: 4) == "lost at 3.00 T, overflow at 500 T")
        record.energyBehaviour = .bounded
        record.energyLossTime = nil
        record.divergenceTime = nil
        #expect(record.energyVerdict(period: 4) == "bounded")
    }

    /// The requirement: on the pendulum over 10,000 steps, leapfrog's energy error stays bounded while
    /// Euler's grows, by the library's own classifier. The other methods behave as their kind predicts.
    @Test(arguments: [
        (IntegrationMethod.euler, EnergyBehaviour.drifting), (.symplecticEuler, .bounded), (.leapfrog, .bounded),
        (.rk4, .drifting), (.yoshida4, .bounded),
    ])
    func pendulumEnergyOverTenThousandSteps(_ method: IntegrationMethod, _ expected: EnergyBehaviour) throws {
        let scenario = try Scenarios.pendulum()
        let steps = 10_000, windows = 100
        let dt = scenario.period / 64  // 0.066, half the HGN frame interval; 10,000 steps are 156 swings
        let run = FixedStepRun.observe(
            method, scenario, stepSize: dt,
            steps: steps, errorStep: steps, windows: windows)
        let horizon = Double(steps) * dt
        let midpoints = (0..<windows).map { (Double($0) + 0.5) * horizon / Double(windows) }
        let verdict = SecularDriftClassifier.assess(
            windowMidpoints: midpoints, envelope: run.envelope, horizon: horizon)
        #expect(verdict.behaviour == expected, "\(method): growth ratio \(verdict.growthRatio ?? .nan)")
        if method == .leapfrog {
            let envelope = run.envelope.compactMap { $0 }
            #expect(envelope.count == windows)
            #expect(envelope.suffix(10).max()! <= 1.05 * envelope.prefix(10).max()!, "the band does not widen")
        }
        if method == .euler {
            let envelope = run.envelope.compactMap { $0 }
            #expect(envelope.last! > 5 * envelope.first!, "Euler's error grows: \(envelope.first!) → \(envelope.last!)")
        }
    }
}
