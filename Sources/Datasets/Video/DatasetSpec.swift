import Foundation
import Physics
import Systems

/// The complete, self-contained description of a dataset: which physical system, its constants, how initial conditions
/// are drawn, how trajectories are integrated, rendered and split, and the seed everything derives from.
///
/// A spec is plain JSON (snake_case keys, see `datasets.md`), stored verbatim in every shard's `spec_json` attribute and
/// in the output folder's `spec.json`, so a dataset always carries the recipe that regenerates it. Decoding is strict:
/// an unknown or mistyped key is an error that names it, never silently ignored.
public struct DatasetSpec: SpecJSON, Equatable, Sendable {
    /// Version of this JSON schema and of the shard layout it produces. 2: frame times are the root attributes `t0` and
    /// `dt` (version 1 had a `/t` dataset [T], which breaks readers that take every root dataset as one row per
    /// trajectory, Hugging Face `datasets` among them), and every shard stores its `statistics_sums`.
    public static let schemaVersion = 2

    /// Dataset name, used in the manifest and the default output folder (e.g. `pendulum`).
    public var name: String
    /// The physical system: a registered name (`physgen presets` lists them).
    public var system: SystemKind
    /// Physical constants of the system (only those that apply to it may be set; see its descriptor).
    public var constants: SystemConstants
    /// How initial conditions are drawn and which samples are rejected.
    public var sampling: SamplingSpec
    /// Standard deviation of the Gaussian noise added to the positions q at every frame before rendering only
    /// (the stored `/x` stays the true state). 0 turns it off.
    public var observationNoise: Double
    /// Time between frames.
    public var dt: Double
    /// Frames per trajectory for splits that do not set their own.
    public var frames: Int
    /// Rendering: image size and the visible world square.
    public var rendering: RenderingSpec
    /// The ground-truth integrator and its tolerances.
    public var integrator: IntegratorSpec
    /// The splits, in the order they are generated.
    public var splits: [SplitSpec]
    /// Trajectories per shard file (the last shard of a split may hold fewer).
    public var trajectoriesPerShard: Int
    /// The dataset seed; each trajectory's own seed derives from it, the split name and the trajectory's index.
    public var seed: UInt64

    public init(
        name: String, system: SystemKind, constants: SystemConstants, sampling: SamplingSpec,
        observationNoise: Double, dt: Double, frames: Int, rendering: RenderingSpec, integrator: IntegratorSpec,
        splits: [SplitSpec], trajectoriesPerShard: Int, seed: UInt64
    ) {
        self.name = name
        self.system = system
        self.constants = constants
        self.sampling = sampling
        self.observationNoise = observationNoise
        self.dt = dt
        self.frames = frames
        self.rendering = rendering
        self.integrator = integrator
        self.splits = splits
        self.trajectoriesPerShard = trajectoriesPerShard
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, system, constants, sampling
        case observationNoise = "observation_noise"
        case dt, frames, rendering, integrator, splits
        case trajectoriesPerShard = "trajectories_per_shard"
        case seed
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        let systemName = try c.decode(String.self, forKey: .system)
        guard let system = SystemKind(rawValue: systemName) else {
            throw DatasetError.unknownSystem(systemName, known: SystemRegistry.names)
        }
        self.system = system
        constants = try c.decodeIfPresent(SystemConstants.self, forKey: .constants) ?? SystemConstants()
        for key in constants.values.keys.sorted() where !SystemConstants.knownKeys.contains(key) {
            throw DatasetError.invalidSpec(
                field: "constants.\(key)",
                reason: "is not a known key (known here: \(SystemConstants.knownKeys.joined(separator: ", ")))")
        }
        sampling = try c.decode(SamplingSpec.self, forKey: .sampling)
        observationNoise = try c.decodeIfPresent(Double.self, forKey: .observationNoise) ?? 0
        dt = try c.decode(Double.self, forKey: .dt)
        frames = try c.decode(Int.self, forKey: .frames)
        rendering = try c.decodeIfPresent(RenderingSpec.self, forKey: .rendering) ?? RenderingSpec()
        integrator = try c.decodeIfPresent(IntegratorSpec.self, forKey: .integrator) ?? IntegratorSpec()
        splits = try c.decode([SplitSpec].self, forKey: .splits)
        trajectoriesPerShard = try c.decodeIfPresent(Int.self, forKey: .trajectoriesPerShard) ?? 5000
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
    }

    /// The split with that name.
    public func split(named name: String) throws(DatasetError) -> SplitSpec {
        guard let split = splits.first(where: { $0.name == name }) else {
            throw .unknownSplit(name, known: splits.map(\.name))
        }
        return split
    }

    /// Frames of a split: its own count or the spec's default.
    public func frames(of split: SplitSpec) -> Int { split.frames ?? frames }

    /// Checks every value and their consistency; the error names the first offending key.
    public func validate() throws(DatasetError) {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw .invalidSpec(
                field: "name", reason: "must be non-empty and use only letters, digits, '-' and '_' (got '\(name)')")
        }
        try constants.validate(for: system)
        try sampling.validate(for: system)
        try requireFinite(observationNoise, "observation_noise", atLeast: 0)
        try requirePositive(dt, "dt")
        try requirePositive(frames, "frames")
        try rendering.validate()
        try integrator.validate()
        guard !splits.isEmpty else { throw .invalidSpec(field: "splits", reason: "must list at least one split") }
        var seen = Set<String>()
        for split in splits {
            try split.validate()
            guard seen.insert(split.name).inserted else {
                throw .invalidSpec(field: "splits", reason: "names split '\(split.name)' twice")
            }
        }
        try requirePositive(trajectoriesPerShard, "trajectories_per_shard")
        let bytesPerFrame = rendering.resolution * rendering.resolution * 3
        let addressable = splits.allSatisfy { split in
            let (frames, overflow) = split.trajectories.multipliedReportingOverflow(by: frames(of: split))
            return !overflow && bytesPerFrame <= Int.max / frames
        }
        if !addressable {
            throw .invalidSpec(
                field: "splits",
                reason: "asks for more image bytes than can be addressed; reduce trajectories, frames or resolution")
        }
    }

    /// Reads and parses a spec file.
    public static func load(path: String) throws(DatasetError) -> DatasetSpec {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableSpec(path: path, reason: "the file cannot be read (\(error.localizedDescription))")
        }
        return try parse(json: data, source: path)
    }
}

extension SystemConstants {
    /// Every key any registered system uses, sorted.
    static var knownKeys: [String] {
        Array(Set(SystemRegistry.all.flatMap { $0.constants.map(\.key) })).sorted()
    }

    /// Checks that every key set applies to `system`, has the right shape (a number, or one number per body) and
    /// a finite positive value; the error names the offending key.
    func validate(for system: SystemKind) throws(DatasetError) {
        let descriptor = system.descriptor
        let definitions = descriptor.constants
        for key in values.keys.sorted() where !definitions.contains(where: { $0.key == key }) {
            guard Self.knownKeys.contains(key) else {
                throw .invalidSpec(
                    field: "constants.\(key)",
                    reason: "is not a known key (known here: \(Self.knownKeys.joined(separator: ", ")))")
            }
            throw .invalidSpec(
                field: "constants.\(key)",
                reason:
                    "does not apply to \(system.rawValue) (its constants: \(definitions.map(\.key).sorted().joined(separator: ", ")))"
            )
        }
        let resolved = resolved(for: descriptor)
        for definition in definitions {
            let field = "constants.\(definition.key)"
            guard let value = resolved[definition.key] else { continue }
            switch (definition.standard, value) {
            case (.number, .number(let number)):
                try requirePositive(number, field)
            case (.list(let standard), .list(let list)):
                guard list.count == standard.count else {
                    throw .invalidSpec(
                        field: field,
                        reason:
                            "must list \(standard.count) numbers for \(system.rawValue), one per body (got \(list.count))"
                    )
                }
                for (i, number) in list.enumerated() { try requirePositive(number, "\(field)[\(i)]") }
            case (.number, .list):
                throw .invalidSpec(field: field, reason: "must be a number")
            case (.list, .number):
                throw .invalidSpec(field: field, reason: "must be a list of numbers")
            }
        }
    }
}

/// How initial conditions are drawn (see `datasets.md`, "Sampling"): the descriptor's ``SamplingSettings`` as the
/// spec's `sampling` object.
public typealias SamplingSpec = SamplingSettings

extension SamplingSettings: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case radius
        case orbitNoise = "orbit_noise"
        case minSeparation = "min_separation"
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "sampling")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let bounds = try c.decode([Double].self, forKey: .radius)
        guard bounds.count == 2, bounds[0].isFinite, bounds[1].isFinite, bounds[0] <= bounds[1] else {
            throw DatasetError.invalidSpec(
                field: "sampling.radius", reason: "must be [low, high] with low <= high (got \(bounds))")
        }
        self.init(
            radius: bounds[0]...bounds[1], orbitNoise: try c.decodeIfPresent(Double.self, forKey: .orbitNoise),
            minSeparation: try c.decodeIfPresent(Double.self, forKey: .minSeparation))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode([radius.lowerBound, radius.upperBound], forKey: .radius)
        try c.encodeIfPresent(orbitNoise, forKey: .orbitNoise)
        try c.encodeIfPresent(minSeparation, forKey: .minSeparation)
    }

    func validate(for system: SystemKind) throws(DatasetError) {
        try requirePositive(radius.lowerBound, "sampling.radius[0]")
        let standard = system.descriptor.standardSampling
        let users = { (uses: (SamplingSettings) -> Bool) in
            SystemRegistry.all.filter { uses($0.standardSampling) }.map(\.name).joined(separator: " and ")
        }
        if let orbitNoise {
            guard standard.orbitNoise != nil else {
                throw .invalidSpec(
                    field: "sampling.orbit_noise", reason: "applies to \(users { $0.orbitNoise != nil }) only")
            }
            try requireFinite(orbitNoise, "sampling.orbit_noise", atLeast: 0)
            guard orbitNoise < 1 else {
                throw .invalidSpec(
                    field: "sampling.orbit_noise",
                    reason: "must be below 1 so that speeds stay positive (got \(orbitNoise))")
            }
        }
        if let minSeparation {
            guard standard.minSeparation != nil else {
                throw .invalidSpec(
                    field: "sampling.min_separation", reason: "applies to \(users { $0.minSeparation != nil }) only")
            }
            try requireFinite(minSeparation, "sampling.min_separation", atLeast: 0)
        }
    }
}

/// Image size and the visible part of the world.
public struct RenderingSpec: Codable, Equatable, Sendable {
    /// Width and height of each frame in pixels.
    public var resolution: Int
    /// The camera shows the world square [-w, w]^2; `nil` takes the system's standard (its descriptor's).
    public var worldHalfWidth: Double?

    public init(resolution: Int = 32, worldHalfWidth: Double? = nil) {
        self.resolution = resolution
        self.worldHalfWidth = worldHalfWidth
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case resolution
        case worldHalfWidth = "world_half_width"
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "rendering")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        resolution = try c.decodeIfPresent(Int.self, forKey: .resolution) ?? 32
        worldHalfWidth = try c.decodeIfPresent(Double.self, forKey: .worldHalfWidth)
    }

    /// The half-width of the visible world square for a system.
    public func halfWidth(for system: SystemKind) -> Double {
        worldHalfWidth ?? system.descriptor.worldHalfWidth
    }

    func validate() throws(DatasetError) {
        guard (4...1024).contains(resolution) else {
            throw .invalidSpec(
                field: "rendering.resolution", reason: "must be between 4 and 1024 pixels (got \(resolution))")
        }
        if let worldHalfWidth { try requirePositive(worldHalfWidth, "rendering.world_half_width") }
    }
}

/// The ground-truth integrator.
public struct IntegratorSpec: Codable, Equatable, Sendable {
    /// Integrator name: `dopri54` (adaptive Dormand-Prince 5(4), the ground-truth default) or a fixed-step one
    /// (`euler`, `symplectic-euler`, `leapfrog`, `rk4`, `yoshida4`) taking ``substeps`` steps per frame interval.
    public var name: String
    /// Relative error tolerance of the adaptive integrator (stored in shards as the `tolerance` attribute).
    public var relativeTolerance: Double
    /// Absolute error tolerance of the adaptive integrator.
    public var absoluteTolerance: Double
    /// Fixed-step integrators only: integration steps per frame interval.
    public var substeps: Int

    public init(
        name: String = "dopri54", relativeTolerance: Double = DormandPrince54.defaultRelativeTolerance,
        absoluteTolerance: Double = DormandPrince54.defaultAbsoluteTolerance, substeps: Int = 100
    ) {
        self.name = name
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.substeps = substeps
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case relativeTolerance = "relative_tolerance"
        case absoluteTolerance = "absolute_tolerance"
        case substeps
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "integrator")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = IntegratorSpec()
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? defaults.name
        relativeTolerance = try c.decodeIfPresent(Double.self, forKey: .relativeTolerance) ?? defaults.relativeTolerance
        absoluteTolerance = try c.decodeIfPresent(Double.self, forKey: .absoluteTolerance) ?? defaults.absoluteTolerance
        substeps = try c.decodeIfPresent(Int.self, forKey: .substeps) ?? defaults.substeps
    }

    /// Names accepted for ``name``.
    public static let knownNames = ["dopri54", "euler", "symplectic-euler", "leapfrog", "rk4", "yoshida4"]

    /// Whether this is the adaptive ground-truth integrator.
    public var isAdaptive: Bool { name == "dopri54" }

    func validate() throws(DatasetError) {
        guard IntegratorSpec.knownNames.contains(name) else {
            throw .unknownIntegrator(name, known: IntegratorSpec.knownNames)
        }
        for (key, value) in [("relative_tolerance", relativeTolerance), ("absolute_tolerance", absoluteTolerance)] {
            guard value.isFinite, value > 0, value < 1 else {
                throw .invalidSpec(field: "integrator.\(key)", reason: "must be in (0, 1) (got \(value))")
            }
        }
        try requirePositive(substeps, "integrator.substeps")
    }
}

/// One split of the dataset (e.g. `train`, `test`, `long`).
public struct SplitSpec: Codable, Equatable, Sendable {
    /// Split name; shard files are named after it.
    public var name: String
    /// Number of trajectories.
    public var trajectories: Int
    /// Frames per trajectory; `nil` takes the spec's `frames`.
    public var frames: Int?

    public init(name: String, trajectories: Int, frames: Int? = nil) {
        self.name = name
        self.trajectories = trajectories
        self.frames = frames
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, trajectories, frames }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "splits[]")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        trajectories = try c.decode(Int.self, forKey: .trajectories)
        frames = try c.decodeIfPresent(Int.self, forKey: .frames)
    }

    func validate() throws(DatasetError) {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw .invalidSpec(field: "splits.name", reason: "must be non-empty letters, digits or '_' (got '\(name)')")
        }
        try requirePositive(trajectories, "splits.\(name).trajectories")
        if let frames { try requirePositive(frames, "splits.\(name).frames") }
    }
}
