import CImageCodecs

/// Why an image could not be written as PNG.
public struct ImageEncodeFailure: Error, Sendable, Equatable {
    public var reason: String
}

/// One `[channels, height, width]` row of an image dataset as a PNG, for showing a
/// single image (the labelling widget). Values are mapped linearly from `low...high`
/// to 0-255; one channel is gray, three are red, green and blue, any other count shows
/// its first channel. Small images are enlarged by a whole factor with nearest
/// neighbours, so pixels stay sharp where a browser would blur them.
public enum ImagePNG {
    /// Images whose longer side is below this are enlarged up to about this size.
    public static let minimumSide = 160

    public static func encode(
        pixels: [Float], channels: Int, height: Int, width: Int,
        low: Float, high: Float
    ) throws(ImageEncodeFailure) -> [UInt8] {
        guard channels >= 1, height >= 1, width >= 1, pixels.count == channels * height * width else {
            throw ImageEncodeFailure(reason: "\(pixels.count) values are not a \(channels)x\(height)x\(width) image")
        }
        let shown = channels == 3 ? 3 : 1
        let factor = max(1, minimumSide / max(height, width))
        let (outHeight, outWidth) = (height * factor, width * factor)
        let span = high > low ? high - low : 1
        let plane = height * width
        var bytes = [UInt8](repeating: 0, count: outHeight * outWidth * shown)
        for y in 0..<outHeight {
            let sourceRow = (y / factor) * width
            for x in 0..<outWidth {
                let source = sourceRow + x / factor
                for channel in 0..<shown {
                    let value = pixels[channel * plane + source]
                    let scaled = value.isFinite ? (value - low) / span * 255 : 0
                    bytes[(y * outWidth + x) * shown + channel] = UInt8(min(max(scaled.rounded(), 0), 255))
                }
            }
        }
        var out: UnsafeMutablePointer<UInt8>?
        var count = 0
        guard strata_image_encode_png(bytes, Int32(outWidth), Int32(outHeight), Int32(shown), &out, &count) == 1,
            let out
        else {
            throw ImageEncodeFailure(reason: "libpng could not encode a \(outWidth)x\(outHeight) image")
        }
        defer { strata_image_free_bytes(out) }
        return Array(UnsafeBufferPointer(start: out, count: count))
    }
}
