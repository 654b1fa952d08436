import Foundation
import Physics
import Testing

@testable import IntegratorComparison

/// Measured orders of convergence: the acceptance test on the harmonic oscillator, and the fit itself.
@Suite struct ConvergenceOrderTests {
    /// The requirement: within 0.3 of 1 (Euler, symplectic Euler), 2 (leapfrog), 4 (RK4, Yoshida4), with
    /// the standard sweep and error time.
    @Test(arguments: IntegrationMethod.fixedStepMethods)
    func measuredOrderOnHarmonicOscillator(_ method: IntegrationMethod) throws {
        let (system, _) = SharedStudies.massSpring
        let order = try #require(system.orders.first { $0.integrator == method.rawValue })
        let expected = Double(try #require(method.fixedStepIntegrator).order)
        let measured = try #require(order.measuredOrder, "\(method): no order (local orders \(order.localOrders))")
        #expect(abs(measured - expected) <= 0.3, "\(method): measured \(measured), expected \(expected)")
        #expect(order.fittedStepSizes.count >= OrderFit.minimumPoints)
    }

    @Test func exactPowerLawGivesItsExponent() throws {
        let h = (0..<6).map { pow(2, -Double($0)) / 10 }
        let fit = OrderFit.fit(
            system: "s", integrator: "i", expectedOrder: 3, stepSizes: h,
            errors: h.map { 0.5 * pow($0, 3) })
        #expect(abs(try #require(fit.measuredOrder) - 3) <= 1e-12)
        #expect(fit.localOrders.allSatisfy { abs(($0 ?? 0) - 3) <= 1e-12 })
        #expect(fit.fittedStepSizes == Array(h.suffix(OrderFit.fittedPoints)), "the finest points, largest first")
    }

    /// Errors above the ceiling (not asymptotic) or below the floor (rounding, reference error) are left out.
    @Test func pointsOutsideTheWindowAreExcluded() throws {
        let h = [0.4, 0.2, 0.1, 0.05, 0.025, 0.0125]
        let errors: [Double?] = [3, 0.08, 0.02, 0.005, 1e-12, nil]
        let fit = OrderFit.fit(system: "s", integrator: "i", expectedOrder: 2, stepSizes: h, errors: errors)
        #expect(fit.fittedStepSizes == [0.2, 0.1, 0.05])
        #expect(abs(try #require(fit.measuredOrder) - 2) <= 1e-12)
        #expect(fit.localOrders.last! == nil)

        let withReference = OrderFit.fit(
            system: "s", integrator: "i", expectedOrder: 2, stepSizes: h, errors: errors,
            referenceUncertainty: 1e-3)
        #expect(withReference.measuredOrder == nil, "only two errors exceed 10 x the reference uncertainty")
        #expect(withReference.fittedStepSizes.isEmpty)
    }

    @Test func leastSquaresLineIsExactOnALineAndReportsScatter() throws {
        let line = try #require(LeastSquaresLine(x: [1, 2, 3, 4], y: [3, 5, 7, 9]))
        #expect(abs(line.slope - 2) <= 1e-14 && abs(line.intercept - 1) <= 1e-14)
        #expect(try #require(line.slopeStandardError) <= 1e-14)
        let noisy = try #require(LeastSquaresLine(x: [0, 1, 2, 3], y: [0, 1.1, 1.9, 3.1]))
        #expect(abs(noisy.slope - 1.01) <= 1e-12, "S_xy / S_xx = 5.05 / 5")
        #expect(try #require(noisy.slopeStandardError) > 0)
        #expect(LeastSquaresLine(x: [1, 1], y: [0, 1]) == nil)
        #expect(LeastSquaresLine(x: [1], y: [0]) == nil)
    }
}
