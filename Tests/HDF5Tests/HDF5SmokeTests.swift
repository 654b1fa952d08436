import Testing
@testable import HDF5

@Test func hdf5ModuleLinks() {
    #expect(Bool(true))
}
