import Testing
@testable import Rendering

@Test func renderingModuleLinks() {
    #expect(Bool(true))
}
