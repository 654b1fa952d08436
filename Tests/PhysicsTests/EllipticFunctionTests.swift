import RealModule
import Testing

@testable import Physics

/// Elliptic integrals and Jacobi functions against closed forms and SciPy (`scipy.special`, parameter `m = k²`).
@Suite struct EllipticFunctionTests {
    /// `scipy.special.ellipk(m)`.
    @Test(arguments: [
        (0.0, 1.5707963267948966), (0.3, 1.713889448178791), (0.5, 1.8540746773013719),
        (0.9, 2.5780921133481733), (0.99, 3.6956373629898747),
    ])
    func completeIntegralK(m: Double, expected: Double) {
        #expect(abs(Elliptic.completeIntegralK(parameter: m) - expected) <= 1e-14 * expected)
    }

    /// `scipy.special.ellipj(u, m)` gives `(sn, cn, dn, am)`.
    @Test(arguments: [
        (0.3, 0.7, 0.29257180189920456, 0.9562435572245455, 0.9695778558287192, 0.2969152195015731),
        (1.7, 0.5, 0.9940477007408606, 0.10894571424250044, 0.711290787460308, 1.461633937413691),
        (-2.4, 0.9, -0.9983994499077585, 0.056555622389689364, 0.320747072600042, -1.514210511705474),
        (5.0, 0.2, -0.9998214226930532, 0.018897690971094155, 0.8944671176431294, 4.73128779633573),
        (10.0, 0.999, -0.3074622924548227, -0.9515602654159248, 0.951609936780668, 3.4541176417900337),
    ])
    func jacobiAgainstSciPy(u: Double, m: Double, sn: Double, cn: Double, dn: Double, am: Double) {
        let values = Elliptic.jacobi(u, parameter: m)
        #expect(abs(values.sn - sn) <= 1e-13)
        #expect(abs(values.cn - cn) <= 1e-13)
        #expect(abs(values.dn - dn) <= 1e-13)
        #expect(abs(values.amplitude - am) <= 1e-13)
    }

    /// `scipy.special.ellipkinc(φ, m)`, including amplitudes beyond ±π/2.
    @Test(arguments: [
        (0.5, 0.3, 0.5061402119623553), (1.2, 0.8, 1.4884956889493302),
        (3.0, 0.5, 3.5663200246807647), (-4.0, 0.6, -4.823416413096918),
    ])
    func incompleteIntegralF(phi: Double, m: Double, expected: Double) {
        #expect(abs(Elliptic.incompleteIntegralF(amplitude: phi, parameter: m) - expected) <= 1e-13 * abs(expected))
    }

    @Test(arguments: [-7.0, -1.1, 0.0, 0.4, 2.5, 13.0])
    func degenerateParameters(u: Double) {
        let circular = Elliptic.jacobi(u, parameter: 0)
        #expect(abs(circular.sn - Double.sin(u)) <= 1e-15)
        #expect(abs(circular.cn - Double.cos(u)) <= 1e-15)
        #expect(circular.dn == 1)
        let hyperbolic = Elliptic.jacobi(u, parameter: 1)
        #expect(abs(hyperbolic.sn - Double.tanh(u)) <= 1e-15)
        #expect(abs(hyperbolic.cn - 1 / Double.cosh(u)) <= 1e-15)
        #expect(abs(hyperbolic.dn - 1 / Double.cosh(u)) <= 1e-15)
        // Near the limits the general algorithm must approach the special cases continuously.
        let nearlyCircular = Elliptic.jacobi(u, parameter: 1e-12)
        #expect(abs(nearlyCircular.sn - Double.sin(u)) <= 1e-10)
        let nearlyHyperbolic = Elliptic.jacobi(u, parameter: 1 - 1e-12)
        #expect(abs(nearlyHyperbolic.sn - Double.tanh(u)) <= 1e-9)
    }

    /// Identities: `sn² + cn² = 1`, `dn² + m sn² = 1`, `F(am(u)) = u`, and the quarter period `sn(K) = 1`.
    @Test(arguments: [0.05, 0.5, 0.85, 0.999])
    func identities(m: Double) {
        for u in stride(from: -9.0, through: 9.0, by: 0.37) {
            let v = Elliptic.jacobi(u, parameter: m)
            #expect(abs(v.sn * v.sn + v.cn * v.cn - 1) <= 1e-14)
            #expect(abs(v.dn * v.dn + m * v.sn * v.sn - 1) <= 1e-14)
            #expect(
                abs(Elliptic.incompleteIntegralF(amplitude: v.amplitude, parameter: m) - u) <= 1e-12 * max(1, abs(u)))
        }
        let quarterPeriod = Elliptic.completeIntegralK(parameter: m)
        #expect(abs(Elliptic.jacobi(quarterPeriod, parameter: m).sn - 1) <= 1e-14)
        #expect(
            abs(Elliptic.incompleteIntegralF(amplitude: Double.pi / 2, parameter: m) - quarterPeriod)
                <= 1e-13 * quarterPeriod)
    }

    /// Carlson's own test values (Numerical Recipes, DLMF 19.36) and the AGM of Gauss's constant.
    @Test func carlsonAndAGM() {
        #expect(abs(Elliptic.carlsonRF(1, 2, 0) - 1.3110287771460599) <= 1e-14)
        #expect(abs(Elliptic.carlsonRF(2, 3, 4) - 0.58408284167715171) <= 1e-14)
        #expect(abs(Elliptic.arithmeticGeometricMean(1, 2.0.squareRoot()) - 1.1981402347355922) <= 1e-15)
        #expect(Elliptic.completeIntegralK(parameter: 1) == .infinity)
    }
}
