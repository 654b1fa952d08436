import Foundation
import SeededRandom
import Testing

@testable import Datasets

/// `ExactSum` is exact and correctly rounded: checked against integer arithmetic on dyadic values (where the exact sum
/// is an integer times a power of two), against known answers of Python's `math.fsum`, and for independence of order
/// and grouping.
@Suite("Exact sums")
struct ExactSumTests {
    /// Answers of `math.fsum` (CPython's test suite and the cases a plain loop gets wrong).
    @Test(arguments: [
        ([1e100, 1.0, -1e100], 1.0),
        ([1e-16, 1.0, 1e16], 10000000000000002.0),  // the tie broken by a lower partial
        ([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 1.0),
        ([1.0, 1e-100, -1.0], 1e-100),
        ([Double(2).ulp, 1.0, -1.0], Double(2).ulp),
        ([], 0.0),
        ([-0.0], 0.0),
    ])
    func knownAnswers(values: [Double], expected: Double) {
        #expect(ExactSum(values).value == expected)
    }

    @Test("dyadic values of one scale: the exact sum is an integer, so the rounded sum is known")
    func againstIntegerArithmetic() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<20 {
            let units = (0..<1000).map { _ in Int64.random(in: -(1 << 52)...(1 << 52), using: &generator) }
            let scale = 0x1p-40
            let total = units.reduce(0, +)  // < 2⁶², exact
            #expect(ExactSum(units.map { Double($0) * scale }).value == Double(total) * scale)
        }
    }

    @Test("sums of squares through addProduct are exact, also where each square needs more than 53 bits")
    func exactSquares() {
        var generator = SeededGenerator(seed: 12)
        let units = (0..<4000).map { _ in Int64.random(in: -(1 << 31)...(1 << 31), using: &generator) }
        var sum = ExactSum()
        for k in units { sum.addProduct(Double(k) * 0x1p-20, Double(k) * 0x1p-20) }
        let exact = units.reduce(Int128(0)) { $0 + Int128($1) * Int128($1) }  // < 2⁷⁴: exact in Int128
        let expected: Double = Double(exact) * 0x1p-40
        #expect(sum.value == expected)
        // A plain sum of rounded squares is off here.
        var plain = 0.0
        for k in units {
            let x = Double(k) * 0x1p-20
            plain += x * x
        }
        #expect(plain != expected)
    }

    @Test("the value does not depend on the order or on how the values are grouped")
    func orderAndGrouping() {
        var generator = SeededGenerator(seed: 13)
        let values = (0..<3000).map { _ -> Double in
            let magnitude = pow(10, Double.random(in: -12...12, using: &generator))
            return (Bool.random(using: &generator) ? 1 : -1) * magnitude * Double.random(in: 1..<2, using: &generator)
        }
        let reference = ExactSum(values)
        #expect(ExactSum(values.reversed()).value == reference.value)
        var shuffled = values
        shuffled.shuffle(using: &generator)
        #expect(ExactSum(shuffled).value == reference.value)
        // Cut into random groups, each summed alone, then the groups merged in reverse order.
        var groups: [ExactSum] = []
        var start = 0
        while start < values.count {
            let end = min(values.count, start + Int.random(in: 1...400, using: &generator))
            groups.append(ExactSum(values[start..<end]))
            start = end
        }
        var merged = ExactSum()
        for group in groups.reversed() { merged.add(group) }
        #expect(merged.value == reference.value)
        #expect((merged - reference).value == 0)
        // A plain loop depends on the order here (the test would be vacuous otherwise).
        #expect(values.reduce(0, +) != values.reversed().reduce(0, +))
    }

    @Test("products and integer scaling are exact: n Σx² − (Σx)² of a constant is exactly 0")
    func exactVarianceNumerator() {
        let x = 0.1
        let n = 1000
        let s1 = ExactSum(Array(repeating: x, count: n))
        var s2 = ExactSum()
        for _ in 0..<n { s2.addProduct(x, x) }
        #expect((s2.scaled(by: n) - s1 * s1).value == 0)
    }

    @Test("the population standard deviation survives a mean 10⁸ times its spread")
    func varianceWithoutCancellation() {
        var generator = SeededGenerator(seed: 14)
        let values = (0..<5000).map { _ in 1e8 + Double.random(in: -1...1, using: &generator) }
        var sums = CoordinateSums(coordinates: 1)
        sums.addTrajectory(rows: values[...])
        let statistics = sums.statistics(names: ["v"])
        let mean = values.reduce(0, +) / Double(values.count)
        let twoPass = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
        #expect(abs(statistics.std[0] - twoPass) <= 1e-9 * twoPass)
        #expect(abs(statistics.mean[0] - mean) <= 1e-15 * mean)
        // The textbook one-pass formula in doubles loses everything here.
        let naive = values.reduce(0) { $0 + $1 * $1 } / Double(values.count) - mean * mean
        #expect(abs(naive.squareRoot() - twoPass) > 1e-3 * twoPass || naive < 0)
    }

    @Test("a non-finite value makes the sum not finite instead of corrupting it")
    func nonFinite() {
        var sum = ExactSum([1, 2])
        sum.add(.infinity)
        #expect(!sum.isFinite && sum.value.isNaN)
        var overflow = ExactSum([Double.greatestFiniteMagnitude])
        overflow.add(Double.greatestFiniteMagnitude)
        #expect(!overflow.isFinite)
    }

    @Test("JSON keeps every partial bit for bit (shortest round-trip digits), subnormals included")
    func jsonRoundTrip() throws {
        var generator = SeededGenerator(seed: 15)
        for _ in 0..<200 {
            let values = (0..<8).map { _ in
                Double(
                    sign: Bool.random(using: &generator) ? .plus : .minus,
                    exponent: Int.random(in: -1074...1000, using: &generator),
                    significand: Double.random(in: 1..<2, using: &generator))
            }
            let sum = ExactSum(values)
            let decoded = try JSONDecoder().decode(ExactSum.self, from: JSONEncoder().encode(sum))
            #expect(decoded.partials.map(\.bitPattern) == sum.partials.map(\.bitPattern))
        }
        let tiny = ExactSum([5e-324, 1e-300])
        #expect(try JSONDecoder().decode(ExactSum.self, from: JSONEncoder().encode(tiny)) == tiny)
    }
}
