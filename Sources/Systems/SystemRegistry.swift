/// The physical systems the suite knows, in display order. Adding a system is one line here (and its descriptor).
public enum SystemRegistry {
    /// Every registered system.
    public static let all: [any SystemDescriptor] = [
        PendulumDescriptor(),
        MassSpringDescriptor(),
        NBodyDescriptor.twoBody,
        NBodyDescriptor.threeBody,
        DoublePendulumDescriptor(),
    ]

    /// The names of every registered system, in display order.
    public static var names: [String] { all.map(\.name) }

    /// The system of that name, if registered.
    public static func descriptor(named name: String) -> (any SystemDescriptor)? {
        all.first { $0.name == name }
    }
}
