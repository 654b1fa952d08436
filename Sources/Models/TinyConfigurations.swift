extension HGNConfiguration {
    /// An HGN small enough for debug-build tests: every part of the reference architecture, 2 to 4 channels wide, on
    /// 16x16 frames (two reductions to 4x4 maps), reading 3 input frames.
    public static func tiny(
        integrator: LatentIntegrator = .leapfrog, transformer: Bool = true,
        variational: Bool = true, seed: UInt64 = 3
    ) -> HGNConfiguration {
        var configuration = HGNConfiguration()
        configuration.resolution = 16
        configuration.inputFrames = 3
        configuration.encoderFilters = [4, 4, 4]
        configuration.latentChannels = 4
        configuration.transformerFilters = [4]
        configuration.stateChannels = 2
        configuration.hamiltonianFilters = [4, 4, 4, 4]
        configuration.decoderFilters = 4
        configuration.integrator = integrator
        configuration.usesTransformer = transformer
        configuration.isVariational = variational
        configuration.seed = seed
        return configuration
    }
}

extension PixelHNNConfiguration {
    /// A PixelHNN small enough for debug-build tests, on 16x16 frames.
    public static func tiny(seed: UInt64 = 3) -> PixelHNNConfiguration {
        var configuration = PixelHNNConfiguration()
        configuration.resolution = 16
        configuration.hiddenUnits = 16
        configuration.hamiltonianHiddenUnits = 8
        configuration.seed = seed
        return configuration
    }
}
