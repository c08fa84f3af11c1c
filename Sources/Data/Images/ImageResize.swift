/// The height and width every image is resized to (`size: [h, w]`).
public struct ImageSize: Sendable, Equatable, CustomStringConvertible {
    public var height: Int
    public var width: Int

    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }

    /// `28x28`: height, then width.
    public var description: String { "\(height)x\(width)" }
}

/// Resizing with a triangle (bilinear) filter whose width grows with the reduction.
///
/// Enlarging interpolates linearly between the two nearest pixels; shrinking by a
/// factor s weighs each output pixel over the 2s input pixels around it, so every input
/// pixel counts (an average, where plain bilinear sampling would skip pixels and alias).
/// This is the filter of Pillow's `resize(..., BILINEAR)`, and so of torchvision's
/// `Resize` on PIL images: results agree with them to within 1 of 255. The two passes
/// (rows, then columns) keep fractions; the result is rounded once, to 0...255.
enum ImageResize {
    /// `image` resized to `size`, its channels kept.
    static func resize(_ image: DecodedImage, to size: ImageSize) -> DecodedImage {
        if image.height == size.height && image.width == size.width { return image }
        let across = Weights(input: image.width, output: size.width)
        let down = Weights(input: image.height, output: size.height)
        let (height, width, newHeight, newWidth) = (image.height, image.width, size.height, size.width)
        var output = [UInt8](repeating: 0, count: image.channels * newHeight * newWidth)
        var rows = [Float](repeating: 0, count: height * newWidth)
        image.pixels.withUnsafeBufferPointer { source in
            for channel in 0..<image.channels {
                let plane = source.baseAddress! + channel * height * width
                // Across each row: height x newWidth fractions.
                for y in 0..<height {
                    let row = plane + y * width
                    for x in 0..<newWidth {
                        var sum: Float = 0
                        let first = across.first[x]
                        for k in 0..<across.count[x] { sum += Float(row[first + k]) * across.weight(x, k) }
                        rows[y * newWidth + x] = sum
                    }
                }
                // Down each column, rounded once.
                let base = channel * newHeight * newWidth
                for y in 0..<newHeight {
                    let first = down.first[y]
                    for x in 0..<newWidth {
                        var sum: Float = 0
                        for k in 0..<down.count[y] { sum += rows[(first + k) * newWidth + x] * down.weight(y, k) }
                        output[base + y * newWidth + x] = UInt8(min(255, max(0, sum + 0.5)))
                    }
                }
            }
        }
        return DecodedImage(height: newHeight, width: newWidth, channels: image.channels, pixels: output)
    }

    /// For each output position along one axis: the first input position it reads,
    /// how many, and their weights (summing to 1).
    struct Weights {
        var first: [Int] = []
        var count: [Int] = []
        /// `stride` weights per output position, unused ones zero.
        var weights: [Float] = []
        var stride = 0

        init(input: Int, output: Int) {
            let scale = Double(input) / Double(output)
            // Widening the triangle by the reduction (never narrower than one pixel)
            // turns sampling into averaging when shrinking.
            let filterScale = max(scale, 1)
            let support = filterScale
            stride = Int((support * 2).rounded(.up)) + 2
            weights = [Float](repeating: 0, count: output * stride)
            for position in 0..<output {
                // Pixel centres sit at half-integers: output pixel i covers
                // [i * scale, (i + 1) * scale) of the input.
                let centre = (Double(position) + 0.5) * scale
                let low = max(0, Int((centre - support + 0.5).rounded(.down)))
                let high = min(input, Int((centre + support + 0.5).rounded(.down)))
                var total = 0.0
                var taps: [Double] = []
                for x in low..<max(low, high) {
                    let distance = abs((Double(x) - centre + 0.5) / filterScale)
                    let weight = max(0, 1 - distance)
                    taps.append(weight)
                    total += weight
                }
                first.append(low)
                count.append(min(taps.count, stride))
                for (k, tap) in taps.prefix(stride).enumerated() {
                    weights[position * stride + k] = Float(total > 0 ? tap / total : 0)
                }
            }
        }

        @inline(__always)
        func weight(_ position: Int, _ k: Int) -> Float { weights[position * stride + k] }
    }
}
