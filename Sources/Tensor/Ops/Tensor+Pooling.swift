// Max and average pooling over square, non-overlapping windows (stride = size, no
// padding; a trailing partial window is dropped, as Keras and PyTorch do by default).

extension Tensor {
    /// The pooled shape of an NCHW tensor, or nil when the window is larger than the input.
    public static func pooledShape(_ shape: [Int], size: Int) -> [Int]? {
        guard shape.count == 4, size > 0, shape[2] >= size, shape[3] >= size else { return nil }
        return [shape[0], shape[1], shape[2] / size, shape[3] / size]
    }

    /// Max pooling; also returns, per output element, the flat input index it came from.
    static func maxPool2dForward(_ input: Tensor, size: Int) -> (output: Tensor, argmax: [Int32]) {
        guard let outShape = pooledShape(input.shape, size: size) else {
            preconditionFailure("maxpool2d: window \(size) does not fit \(input.shape)")
        }
        let output = Tensor(uninitializedShape: outShape)
        var argmax = [Int32](repeating: 0, count: output.count)
        let (h, w, oh, ow) = (input.shape[2], input.shape[3], outShape[2], outShape[3])
        let src = input.storage.base, dst = output.storage.base
        argmax.withUnsafeMutableBufferPointer { arg in
            let channels = outShape[1], argBase = arg.baseAddress!
            // Samples in chunks on separate threads: each writes only its own planes.
            SampleChunks.run(batch: outShape[0]) { _, samples in
                let planes = (samples.lowerBound * channels)..<(samples.upperBound * channels)
                if size == 2 {
                    maxPool2x2(src, dst, argBase, planes: planes, h: h, w: w, oh: oh, ow: ow)
                } else {
                    maxPoolGeneric(src, dst, argBase, planes: planes, size: size, h: h, w: w, oh: oh, ow: ow)
                }
            }
        }
        withExtendedLifetime(input) {}
        return (output, argmax)
    }

    /// Any window size, over the given planes (the 2x2 case has its own loop).
    private static func maxPoolGeneric(
        _ src: UnsafeMutablePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
        _ arg: UnsafeMutablePointer<Int32>, planes: Range<Int>, size: Int,
        h: Int, w: Int, oh: Int, ow: Int
    ) {
        var o = planes.lowerBound * oh * ow
        for plane in planes {
            let base = plane * h * w
            for i in 0..<oh {
                for j in 0..<ow {
                    var best = base + (i * size) * w + j * size
                    var bestValue = src[best]
                    for di in 0..<size {
                        let row = base + (i * size + di) * w + j * size
                        for dj in 0..<size where src[row + dj] > bestValue {
                            best = row + dj
                            bestValue = src[row + dj]
                        }
                    }
                    dst[o] = bestValue
                    arg[o] = Int32(truncatingIfNeeded: best)
                    o += 1
                }
            }
        }
    }

    /// The common 2x2 case, unrolled (the generic loop's index arithmetic dominates it).
    private static func maxPool2x2(
        _ src: UnsafeMutablePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
        _ arg: UnsafeMutablePointer<Int32>, planes: Range<Int>, h: Int, w: Int, oh: Int, ow: Int
    ) {
        var o = planes.lowerBound &* oh &* ow
        for plane in planes {
            let base = plane &* h &* w
            for i in 0..<oh {
                let top = base &+ 2 &* i &* w
                let bottom = top &+ w
                for j in 0..<ow {
                    // Same tie rule as the generic loop: the first maximum in row-major order wins.
                    // Selects, not branches: which element wins is data-dependent and
                    // unpredictable, so branches here mispredict about half the time.
                    let t = top &+ 2 &* j, b = bottom &+ 2 &* j
                    let v0 = src[t], v1 = src[t &+ 1], v2 = src[b], v3 = src[b &+ 1]
                    var best = t, value = v0
                    if v1 > value { best = t &+ 1 }
                    value = v1 > value ? v1 : value
                    if v2 > value { best = b }
                    value = v2 > value ? v2 : value
                    if v3 > value { best = b &+ 1 }
                    value = v3 > value ? v3 : value
                    dst[o] = value
                    arg[o] = Int32(truncatingIfNeeded: best)
                    o &+= 1
                }
            }
        }
    }

    /// Routes each output gradient to the input element that won the max.
    static func maxPool2dBackward(_ outputGradient: Tensor, argmax: [Int32], inputShape: [Int]) -> Tensor {
        let result = Tensor(uninitializedShape: inputShape)
        let dst = result.storage.base, src = outputGradient.storage.base
        let perSample = outputGradient.count / Swift.max(outputGradient.shape[0], 1)
        let inputPerSample = result.count / Swift.max(inputShape[0], 1)
        argmax.withUnsafeBufferPointer { arg in
            // A sample's outputs come from that sample's inputs, so chunks write disjoint
            // memory; each chunk zeroes its own samples first.
            SampleChunks.run(batch: outputGradient.shape[0]) { _, samples in
                (dst + samples.lowerBound * inputPerSample).update(repeating: 0, count: samples.count * inputPerSample)
                for o in (samples.lowerBound * perSample)..<(samples.upperBound * perSample) {
                    dst[Int(arg[o])] += src[o]
                }
            }
        }
        withExtendedLifetime(outputGradient) {}
        return result
    }

    /// Average pooling.
    static func avgPool2dForward(_ input: Tensor, size: Int) -> Tensor {
        guard let outShape = pooledShape(input.shape, size: size) else {
            preconditionFailure("avgpool2d: window \(size) does not fit \(input.shape)")
        }
        let output = Tensor(uninitializedShape: outShape)
        let (h, w, oh, ow) = (input.shape[2], input.shape[3], outShape[2], outShape[3])
        let src = input.storage.base, dst = output.storage.base
        let scale = 1 / Float(size * size)
        var o = 0
        for plane in 0..<(outShape[0] * outShape[1]) {
            let base = plane * h * w
            for i in 0..<oh {
                for j in 0..<ow {
                    var total: Float = 0
                    for di in 0..<size {
                        let row = base + (i * size + di) * w + j * size
                        for dj in 0..<size { total += src[row + dj] }
                    }
                    dst[o] = total * scale
                    o += 1
                }
            }
        }
        return output
    }

    /// Spreads each output gradient evenly over its window.
    static func avgPool2dBackward(_ outputGradient: Tensor, size: Int, inputShape: [Int]) -> Tensor {
        let result = Tensor(zeros: inputShape)
        let outShape = outputGradient.shape
        let (h, w, oh, ow) = (inputShape[2], inputShape[3], outShape[2], outShape[3])
        let src = outputGradient.storage.base, dst = result.storage.base
        let scale = 1 / Float(size * size)
        var o = 0
        for plane in 0..<(outShape[0] * outShape[1]) {
            let base = plane * h * w
            for i in 0..<oh {
                for j in 0..<ow {
                    let g = src[o] * scale
                    for di in 0..<size {
                        let row = base + (i * size + di) * w + j * size
                        for dj in 0..<size { dst[row + dj] += g }
                    }
                    o += 1
                }
            }
        }
        return result
    }

    /// Max pooling over `size` x `size` windows of an NCHW tensor.
    public func maxPool2d(size: Int) -> Tensor { Tensor.maxPool2dForward(self, size: size).output }

    /// Average pooling over `size` x `size` windows of an NCHW tensor.
    public func avgPool2d(size: Int) -> Tensor { Tensor.avgPool2dForward(self, size: size) }
}
