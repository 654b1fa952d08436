import Testing
@testable import Physics

@Test func physicsModuleLinks() {
    #expect(Bool(true))
}
