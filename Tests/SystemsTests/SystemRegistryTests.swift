import Foundation
import Physics
import SeededRandom
import Systems
import Testing

/// Every registered descriptor is self-consistent: what it states about its system is what its system does.
@Suite struct SystemRegistryTests {
    @Test func namesAreUnique() {
        #expect(Set(SystemRegistry.names).count == SystemRegistry.all.count)
    }

    @Test(arguments: SystemRegistry.names)
    func descriptorAgreesWithItsSystem(name: String) throws {
        let descriptor = try #require(SystemRegistry.descriptor(named: name))
        try check(descriptor)
    }

    private func check<D: SystemDescriptor>(_ descriptor: D) throws {
        let system = try descriptor.standardSystem()
        #expect(system.name == descriptor.name)
        #expect(system.positionCount == descriptor.positionCount)
        #expect(system.bodyMasses.count == descriptor.bodyCount)
        #expect(descriptor.stateNames.count == 2 * descriptor.positionCount)
        #expect(Set(descriptor.stateNames).count == descriptor.stateNames.count)
        #expect(Set(descriptor.constants.map(\.key)).count == descriptor.constants.count)
        for constant in descriptor.constants where constant.standard.isList {
            #expect(constant.standard.numbers.count == descriptor.bodyCount, "\(constant.key): one number per body")
        }
        // A sampled state has the system's size and finite energy.
        var generator = SeededGenerator(seed: 11)
        let sampler = try descriptor.sampler(descriptor.standardSampling)
        let x0 = sampler.initialState(for: system, using: &generator)
        #expect(x0.count == system.stateCount)
        #expect(system.energy(x0).isFinite)
        #expect(descriptor.worldHalfWidth > 0 && descriptor.groundTruthDriftBound > 0)
    }

    @Test func kindsCompareByName() throws {
        let pendulum = try #require(SystemKind(rawValue: "pendulum"))
        #expect(pendulum == .pendulum)
        #expect(pendulum != .massSpring)
        #expect(SystemKind(rawValue: "four-body") == nil)
        #expect(SystemKind.allCases.map(\.rawValue) == SystemRegistry.names)
    }

    @Test func constantsResolveAndRoundTripThroughJSON() throws {
        let constants: SystemConstants = ["mass": 0.25, "masses": [1, 2]]
        let data = try JSONEncoder().encode(constants)
        #expect(try JSONDecoder().decode(SystemConstants.self, from: data) == constants)
        let resolved = SystemConstants(["mass": 0.25]).resolved(for: PendulumDescriptor())
        #expect(resolved.number("mass") == 0.25)
        #expect(resolved.number("length") == 1)
        #expect(resolved.number("gravity") == 3)
        #expect(resolved.list("mass").isEmpty)
    }

    @Test func summaryNamesTheConstantsAndTheSampling() {
        #expect(
            PendulumDescriptor().summary(noise: 0.1)
                == "pendulum, H = p^2/(2 m l^2) + m g l (1 - cos q), m 0.5, l 1, g 3; r ~ U(1.3, 2.3); observation noise 0.1"
        )
        #expect(PendulumDescriptor().summary(noise: 0).hasSuffix("; noise-free"))
    }
}
