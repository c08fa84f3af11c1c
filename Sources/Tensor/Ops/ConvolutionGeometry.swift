/// How a convolution or pooling window treats the border.
public enum Padding: String, Sendable, CaseIterable {
    /// Zero-pads so the output has ceil(input / stride) positions (TensorFlow/Keras
    /// semantics: the extra padding of an odd total goes after, at the bottom/right).
    case same
    /// No padding: only windows that fit entirely inside the input.
    case valid
}

/// The sizes of one 2-D convolution over an NCHW batch.
public struct ConvolutionGeometry: Sendable, Equatable {
    public let batch: Int, channels: Int, height: Int, width: Int
    public let filters: Int, kernelHeight: Int, kernelWidth: Int, stride: Int
    public let padTop: Int, padLeft: Int
    public let outputHeight: Int, outputWidth: Int

    /// The output extent and the padding before the first element along one axis, or
    /// nil when the window does not fit (valid padding on too small an input).
    public static func outputExtent(
        input: Int, kernel: Int, stride: Int,
        padding: Padding
    ) -> (extent: Int, padBefore: Int)? {
        guard input > 0, kernel > 0, stride > 0 else { return nil }
        switch padding {
        case .valid:
            guard input >= kernel else { return nil }
            return ((input - kernel) / stride + 1, 0)
        case .same:
            let out = (input + stride - 1) / stride
            let total = Swift.max((out - 1) * stride + kernel - input, 0)
            return (out, total / 2)
        }
    }

    /// The geometry of convolving `inputShape` ([N, C, H, W]) with `filters` square
    /// kernels; nil when the kernel does not fit.
    public init?(inputShape: [Int], filters: Int, kernel: Int, stride: Int, padding: Padding) {
        guard inputShape.count == 4, filters > 0,
            let rows = ConvolutionGeometry.outputExtent(
                input: inputShape[2], kernel: kernel, stride: stride, padding: padding),
            let cols = ConvolutionGeometry.outputExtent(
                input: inputShape[3], kernel: kernel, stride: stride, padding: padding)
        else { return nil }
        batch = inputShape[0]; channels = inputShape[1]; height = inputShape[2]; width = inputShape[3]
        self.filters = filters; kernelHeight = kernel; kernelWidth = kernel; self.stride = stride
        padTop = rows.padBefore; padLeft = cols.padBefore
        outputHeight = rows.extent; outputWidth = cols.extent
    }

    /// Rows of the im2col matrix: one per (channel, kernel row, kernel column).
    public var patchSize: Int { channels * kernelHeight * kernelWidth }
    /// Output positions per sample.
    public var outputPlane: Int { outputHeight * outputWidth }
    /// The output shape [N, F, OH, OW].
    public var outputShape: [Int] { [batch, filters, outputHeight, outputWidth] }
    /// The weight shape [F, C, KH, KW].
    public var weightShape: [Int] { [filters, channels, kernelHeight, kernelWidth] }

    /// Whether the layer computes one GEMM for the whole batch (columns [P, N*L])
    /// rather than one per sample (columns [N, P, L]): when one sample's product reaches
    /// OpenBLAS's threshold for threading a call, m * n * k = 65,536 * 4.
    var batchesProduct: Bool { filters * patchSize * outputPlane >= 262_144 }

    /// The output columns `ow` whose input column `ow * stride + offset` lies inside
    /// the image, so the inner loops need no bounds checks.
    @inline(__always)
    private func validColumns(offset: Int) -> Range<Int> {
        // ceil((0 - offset) / stride) ... floor((width - 1 - offset) / stride), clamped.
        let first = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let last = width - 1 - offset < 0 ? -1 : (width - 1 - offset) / stride
        let lower = Swift.min(first, outputWidth)
        return lower..<Swift.max(lower, Swift.min(last + 1, outputWidth))
    }

    /// Unfolds one sample [C, H, W] into its matrix [C*KH*KW, OH*OW], whose product
    /// with the [F, C*KH*KW] weights is that sample's convolution (zeros stand for padding).
    /// Row r of the matrix starts at `col + r * rowStride`: `outputPlane` for a matrix of
    /// its own, more to write one sample's columns into a whole batch's matrix.
    func im2col(sample input: UnsafePointer<Float>, into col: UnsafeMutablePointer<Float>, rowStride: Int) {
        if keepsWidth {
            im2colKeepingWidth(sample: input, into: col, rowStride: rowStride)
            return
        }
        let plane = height &* width
        let positions = rowStride
        for c in 0..<channels {
            let src = input + (c &* plane)
            for kh in 0..<kernelHeight {
                for kw in 0..<kernelWidth {
                    let dst = col + (((c &* kernelHeight &+ kh) &* kernelWidth &+ kw) &* positions)
                    let offset = kw &- padLeft
                    let valid = validColumns(offset: offset)
                    for oh in 0..<outputHeight {
                        let ih = oh &* stride &- padTop &+ kh
                        let out = dst + (oh &* outputWidth)
                        if ih < 0 || ih >= height {
                            out.update(repeating: 0, count: outputWidth)
                            continue
                        }
                        let line = src + (ih &* width &+ offset)
                        out.update(repeating: 0, count: valid.lowerBound)
                        if stride == 1 {
                            (out + valid.lowerBound).update(from: line + valid.lowerBound, count: valid.count)
                        } else {
                            for ow in valid { out[ow] = line[ow &* stride] }
                        }
                        (out + valid.upperBound).update(repeating: 0, count: outputWidth &- valid.upperBound)
                    }
                }
            }
        }
    }

    /// The adjoint of `im2col(sample:into:rowStride:)`: adds each entry of one sample's
    /// column matrix back onto the input position it came from. `input` (that sample's
    /// [C, H, W]) must be zeroed or hold gradients to add to. `col` is scratch: entries
    /// that stand for padding may be overwritten with zeros.
    func col2im(sample col: UnsafeMutablePointer<Float>, into input: UnsafeMutablePointer<Float>, rowStride: Int) {
        if keepsWidth {
            col2imKeepingWidth(sample: col, into: input, rowStride: rowStride)
            return
        }
        let plane = height &* width
        let positions = rowStride
        for c in 0..<channels {
            let dst = input + (c &* plane)
            for kh in 0..<kernelHeight {
                for kw in 0..<kernelWidth {
                    let src = col + (((c &* kernelHeight &+ kh) &* kernelWidth &+ kw) &* positions)
                    let offset = kw &- padLeft
                    let valid = validColumns(offset: offset)
                    for oh in 0..<outputHeight {
                        let ih = oh &* stride &- padTop &+ kh
                        if ih < 0 || ih >= height { continue }
                        let line = dst + (ih &* width &+ offset)
                        let from = src + (oh &* outputWidth)
                        if stride == 1 {
                            for ow in valid { line[ow] += from[ow] }
                        } else {
                            for ow in valid { line[ow &* stride] += from[ow] }
                        }
                    }
                }
            }
        }
    }

    /// Stride 1 with as many output as input columns ("same" padding): each im2col row
    /// is then the input plane shifted by a constant offset, so it is one contiguous
    /// copy plus zeroing of the padding columns, instead of one short copy per row.
    var keepsWidth: Bool { stride == 1 && outputWidth == width }

    /// For one kernel offset (kh, kw) under `keepsWidth`: the flat output positions
    /// [lower, upper) whose input position (position + shift) lies in the plane, the
    /// shift, and the output rows [first, last) that fall inside the image.
    @inline(__always)
    private func shiftedSpan(kh: Int, kw: Int) -> (lower: Int, upper: Int, shift: Int, first: Int, last: Int) {
        let first = Swift.max(0, padTop &- kh)
        let last = Swift.max(first, Swift.min(outputHeight, height &+ padTop &- kh))
        let shift = (kh &- padTop) &* width &+ (kw &- padLeft)
        let lower = Swift.max(first &* width, -shift)
        let upper = Swift.max(lower, Swift.min(last &* width, height &* width &- shift))
        return (lower, upper, shift, first, last)
    }

    private func im2colKeepingWidth(
        sample input: UnsafePointer<Float>, into col: UnsafeMutablePointer<Float>,
        rowStride: Int
    ) {
        let plane = height &* width
        for c in 0..<channels {
            let src = input + (c &* plane)
            for kh in 0..<kernelHeight {
                for kw in 0..<kernelWidth {
                    let dst = col + (((c &* kernelHeight &+ kh) &* kernelWidth &+ kw) &* rowStride)
                    let span = shiftedSpan(kh: kh, kw: kw)
                    dst.update(repeating: 0, count: span.lower)
                    (dst + span.lower).update(from: src + (span.lower &+ span.shift), count: span.upper &- span.lower)
                    (dst + span.upper).update(repeating: 0, count: plane &- span.upper)
                    // The copy wrapped neighbouring rows' edges into the padding columns.
                    let valid = validColumns(offset: kw &- padLeft)
                    for oh in span.first..<span.last {
                        let row = dst + (oh &* width)
                        for ow in 0..<valid.lowerBound { row[ow] = 0 }
                        for ow in valid.upperBound..<width { row[ow] = 0 }
                    }
                }
            }
        }
    }

    private func col2imKeepingWidth(
        sample col: UnsafeMutablePointer<Float>, into input: UnsafeMutablePointer<Float>,
        rowStride: Int
    ) {
        let plane = height &* width
        for c in 0..<channels {
            let dst = input + (c &* plane)
            for kh in 0..<kernelHeight {
                for kw in 0..<kernelWidth {
                    let src = col + (((c &* kernelHeight &+ kh) &* kernelWidth &+ kw) &* rowStride)
                    let span = shiftedSpan(kh: kh, kw: kw)
                    // Padding columns hold gradient that belongs nowhere: zero them, so the
                    // one contiguous add below adds nothing at the wrapped positions.
                    let valid = validColumns(offset: kw &- padLeft)
                    for oh in span.first..<span.last {
                        let row = src + (oh &* width)
                        for ow in 0..<valid.lowerBound { row[ow] = 0 }
                        for ow in valid.upperBound..<width { row[ow] = 0 }
                    }
                    let to = dst + span.shift
                    for t in span.lower..<span.upper { to[t] += src[t] }
                }
            }
        }
    }
}
