import Testing
@testable import Plotting

@Test func plottingModuleLinks() {
    #expect(Bool(true))
}
