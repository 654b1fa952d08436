/// Shape of one 2-D convolution, NHWC input [batch, height, width, inChannels], HWIO weight
/// [kernelHeight, kernelWidth, inChannels, outChannels], NHWC output [batch, outputHeight, outputWidth, outChannels].
public struct Conv2DGeometry: Hashable, Sendable {
    public var batch, height, width, inChannels, outChannels, kernelHeight, kernelWidth: Int
    public var strideY, strideX: Int
    public var padTop, padBottom, padLeft, padRight: Int
    public var outputHeight: Int { (height + padTop + padBottom - kernelHeight) / strideY + 1 }
    public var outputWidth: Int { (width + padLeft + padRight - kernelWidth) / strideX + 1 }
    public init(batch: Int, height: Int, width: Int, inChannels: Int, outChannels: Int, kernelHeight: Int, kernelWidth: Int,
                strideY: Int = 1, strideX: Int = 1, padTop: Int = 0, padBottom: Int = 0, padLeft: Int = 0, padRight: Int = 0) {
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
