/// Shape of one 2-D convolution, NHWC input [batch, height, width, inChannels], HWIO weight
/// [kernelHeight, kernelWidth, inChannels, outChannels], NHWC output [batch, outputHeight, outputWidth, outChannels].
///
/// All tensors are dense, row-major `Float`. Output position `(oy, ox)` reads input rows
/// `oy * strideY - padTop + ky` and columns `ox * strideX - padLeft + kx` for `ky < kernelHeight`, `kx < kernelWidth`;
/// positions outside the input read zero. This value is shared by the reference kernels and `FastConvolution`.
public struct Conv2DGeometry: Hashable, Sendable {
    /// Number of images (N).
    public var batch: Int
    /// Input height in pixels (H).
    public var height: Int
    /// Input width in pixels (W).
    public var width: Int
    /// Channels per input pixel (C_in).
    public var inChannels: Int
    /// Channels per output pixel (C_out).
    public var outChannels: Int
    /// Kernel rows (KH).
    public var kernelHeight: Int
    /// Kernel columns (KW).
    public var kernelWidth: Int
    /// Vertical step between output rows, in input rows.
    public var strideY: Int
    /// Horizontal step between output columns, in input columns.
    public var strideX: Int
    /// Zero rows added above the input.
    public var padTop: Int
    /// Zero rows added below the input.
    public var padBottom: Int
    /// Zero columns added left of the input.
    public var padLeft: Int
    /// Zero columns added right of the input.
    public var padRight: Int

    /// Output height: `(height + padTop + padBottom - kernelHeight) / strideY + 1`.
    public var outputHeight: Int { (height + padTop + padBottom - kernelHeight) / strideY + 1 }
    /// Output width: `(width + padLeft + padRight - kernelWidth) / strideX + 1`.
    public var outputWidth: Int { (width + padLeft + padRight - kernelWidth) / strideX + 1 }

    /// Creates the geometry of one convolution; strides default to 1 and paddings to 0 (VALID).
    public init(
        batch: Int, height: Int, width: Int, inChannels: Int, outChannels: Int, kernelHeight: Int, kernelWidth: Int,
        strideY: Int = 1, strideX: Int = 1, padTop: Int = 0, padBottom: Int = 0, padLeft: Int = 0, padRight: Int = 0
    ) {
        self.batch = batch
        self.height = height
        self.width = width
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideY = strideY
        self.strideX = strideX
        self.padTop = padTop
        self.padBottom = padBottom
        self.padLeft = padLeft
        self.padRight = padRight
    }
}
