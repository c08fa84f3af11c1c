// One-dimensional convolution and max pooling over sequences [N, length, channels]
// (channels last, as Keras' Conv1D). A convolution gathers each output position's
// window (kernel x channels values, contiguous in this layout) into a row of a column
// matrix and multiplies it with the weights [kernel, channels, filters] in one GEMM.

/// Where a 1-D convolution's windows fall: `outputLength` windows of `kernel` positions,
/// `stride` apart, over the input padded with `padBefore` and `padAfter` zeros.
public struct Convolution1DGeometry: Sendable, Equatable {
    public let length: Int
    public let channels: Int
    public let kernel: Int
    public let stride: Int
    public let padBefore: Int
    public let padAfter: Int
    public let outputLength: Int

    /// Nil when the kernel does not fit a `valid` input.
    public init?(length: Int, channels: Int, kernel: Int, stride: Int, padding: Padding) {
        guard length > 0, channels > 0, kernel > 0, stride > 0 else { return nil }
        self.length = length
        self.channels = channels
        self.kernel = kernel
        self.stride = stride
        switch padding {
        case .valid:
            guard length >= kernel else { return nil }
            outputLength = (length - kernel) / stride + 1
            padBefore = 0
            padAfter = 0
        case .same:
            // As ConvolutionGeometry: ceil(length / stride) outputs, the odd extra pad after.
            outputLength = (length + stride - 1) / stride
            let total = Swift.max((outputLength - 1) * stride + kernel - length, 0)
            padBefore = total / 2
            padAfter = total - padBefore
        }
    }

    /// The input position of tap `k` of window `t` (may fall in the padding).
    @inline(__always)
    func position(window t: Int, tap k: Int) -> Int { t * stride + k - padBefore }
}

extension Tensor {
    /// The windows of x [N, L, C] as rows: [N * outputLength, kernel * channels].
    static func conv1dColumns(_ x: Tensor, geometry g: Convolution1DGeometry) -> Tensor {
        let n = x.shape[0]
        let width = g.kernel * g.channels
        var columns = Tensor(zeros: [n * g.outputLength, width])
        x.withUnsafeBufferPointer { x in
            columns.withUnsafeMutableBufferPointer { out in
                for sample in 0..<n {
                    for t in 0..<g.outputLength {
                        let row = (sample * g.outputLength + t) * width
                        for k in 0..<g.kernel {
                            let p = g.position(window: t, tap: k)
                            guard p >= 0 && p < g.length else { continue }
                            let from = (sample * g.length + p) * g.channels
                            for c in 0..<g.channels { out[row + k * g.channels + c] = x[from + c] }
                        }
                    }
                }
            }
        }
        return columns
    }

    /// y [N, outputLength, F] = columns x w [kernel * channels, F] + b, and the columns.
    static func conv1dForward(_ x: Tensor, weight: Tensor, bias: Tensor, geometry g: Convolution1DGeometry)
        -> (output: Tensor, columns: Tensor)
    {
        let filters = weight.shape[2]
        let columns = conv1dColumns(x, geometry: g)
        let rows = columns.shape[0]
        var y = Tensor(uninitializedShape: [x.shape[0], g.outputLength, filters])
        gemm(
            columns.storage.base, transposed: false, weight.storage.base, transposed: false, into: y.storage.base,
            m: rows, n: filters, k: g.kernel * g.channels, beta: 0)
        bias.withUnsafeBufferPointer { b in
            y.withUnsafeMutableBufferPointer { out in
                for r in 0..<rows { for f in 0..<filters { out[r * filters + f] += b[f] } }
            }
        }
        return (y, columns)
    }

    /// The gradients of x, w and b from the output's gradient g [N, outputLength, F].
    static func conv1dBackward(
        _ g: Tensor, columns: Tensor, weight: Tensor, inputShape: [Int], geometry geo: Convolution1DGeometry
    ) -> (input: Tensor, weight: Tensor, bias: Tensor) {
        let filters = weight.shape[2]
        let rows = columns.shape[0]
        let width = geo.kernel * geo.channels
        let dWeight = Tensor(uninitializedShape: weight.shape)
        gemm(
            columns.storage.base, transposed: true, g.storage.base, transposed: false, into: dWeight.storage.base,
            m: width, n: filters, k: rows, beta: 0)
        var dBias = Tensor(zeros: [filters])
        g.withUnsafeBufferPointer { g in
            dBias.withUnsafeMutableBufferPointer { out in
                for r in 0..<rows { for f in 0..<filters { out[f] += g[r * filters + f] } }
            }
        }
        let dColumns = Tensor(uninitializedShape: [rows, width])
        gemm(
            g.storage.base, transposed: false, weight.storage.base, transposed: true, into: dColumns.storage.base,
            m: rows, n: width, k: filters, beta: 0)
        var dInput = Tensor(zeros: inputShape)
        dColumns.withUnsafeBufferPointer { d in
            dInput.withUnsafeMutableBufferPointer { out in
                for sample in 0..<inputShape[0] {
                    for t in 0..<geo.outputLength {
                        let row = (sample * geo.outputLength + t) * width
                        for k in 0..<geo.kernel {
                            let p = geo.position(window: t, tap: k)
                            guard p >= 0 && p < geo.length else { continue }
                            let to = (sample * geo.length + p) * geo.channels
                            for c in 0..<geo.channels { out[to + c] += d[row + k * geo.channels + c] }
                        }
                    }
                }
            }
        }
        return (dInput, dWeight, dBias)
    }

    /// A sequence mask [N, L] through the windows of `g`: 1 where a window holds a token.
    public static func windowMask(_ mask: Tensor, geometry g: Convolution1DGeometry) -> Tensor {
        let n = mask.shape[0]
        var out = Tensor(zeros: [n, g.outputLength])
        mask.withUnsafeBufferPointer { m in
            out.withUnsafeMutableBufferPointer { o in
                for sample in 0..<n {
                    for t in 0..<g.outputLength {
                        for k in 0..<g.kernel {
                            let p = g.position(window: t, tap: k)
                            if p >= 0 && p < g.length && m[sample * g.length + p] != 0 {
                                o[sample * g.outputLength + t] = 1
                                break
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Max pooling of x [N, L, C] over windows of `size` positions (stride `size`, a
    /// trailing partial window dropped): [N, L / size, C], with each output's input index.
    static func maxPool1dForward(_ x: Tensor, size: Int) -> (output: Tensor, argmax: [Int32]) {
        let (n, length, channels) = (x.shape[0], x.shape[1], x.shape[2])
        let outLength = length / size
        var output = Tensor(zeros: [n, outLength, channels])
        var argmax = [Int32](repeating: 0, count: n * outLength * channels)
        x.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { out in
                for sample in 0..<n {
                    for t in 0..<outLength {
                        for c in 0..<channels {
                            var best = (sample * length + t * size) * channels + c
                            for k in 1..<Swift.max(size, 1) {
                                let index = (sample * length + t * size + k) * channels + c
                                if x[index] > x[best] { best = index }
                            }
                            let o = (sample * outLength + t) * channels + c
                            out[o] = x[best]
                            argmax[o] = Int32(best)
                        }
                    }
                }
            }
        }
        return (output, argmax)
    }
}
