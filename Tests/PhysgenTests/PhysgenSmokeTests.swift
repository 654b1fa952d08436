import Testing
@testable import physgen

@Test func physgenModuleLinks() {
    #expect(Bool(true))
}
