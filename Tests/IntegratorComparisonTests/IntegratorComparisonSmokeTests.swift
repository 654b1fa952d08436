import Testing
@testable import IntegratorComparison

@Test func integratorComparisonModuleLinks() {
    #expect(Bool(true))
}
