import Testing
@testable import Models

@Test func modelsModuleLinks() {
    #expect(Bool(true))
}
