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
    public static func outputExtent(input: Int, kernel: Int, stride: Int,
                                    padding: Padding) -> (extent: Int, padBefore: Int)? {
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
              let rows = ConvolutionGeometry.outputExtent(input: inputShape[2], kernel: kernel, stride: stride, padding: padding),
              let cols = ConvolutionGeometry.outputExtent(input: inputShape[3], kernel: kernel, stride: stride, padding: padding)
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

    /// Unfolds an NCHW input into the matrix [C*KH*KW, N*OH*OW] whose product with the
    /// [F, C*KH*KW] weights is the convolution (zeros stand for padding).
    func im2col(_ input: UnsafePointer<Float>, into col: UnsafeMutablePointer<Float>) {
        let plane = height * width
        let columns = batch * outputPlane
        for c in 0..<channels {
            for kh in 0..<kernelHeight {
                for kw in 0..<kernelWidth {
                    let row = col + ((c * kernelHeight + kh) * kernelWidth + kw) * columns
                    let offset = kw - padLeft
                    let valid = validColumns(offset: offset)
                    for n in 0..<batch {
                        let src = input + (n * channels + c) * plane
                        let dst = row + n * outputPlane
                        for oh in 0..<outputHeight {
                            let ih = oh * stride - padTop + kh
                            let out = dst + oh * outputWidth
                            if ih < 0 || ih >= height {
                                out.update(repeating: 0, count: outputWidth)
                                continue
                            }
                            let line = src + ih * width + offset
                            out.update(repeating: 0, count: valid.lowerBound)
                            if stride == 1 {
                                (out + valid.lowerBound).update(from: line + valid.lowerBound, count: valid.count)
                            } else {
                                for ow in valid { out[ow] = line[ow &* stride] }
                            }
                            (out + valid.upperBound).update(repeating: 0, count: outputWidth - valid.upperBound)
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of `im2col`: adds each column entry back onto the input position it
    /// came from. `input` must be zeroed (or hold gradients to add to).
    func col2im(_ col: UnsafePointer<Float>, into input: UnsafeMutablePointer<Float>) {
        let plane = height * width
        let columns = batch * outputPlane
        for c in 0..<channels {
            for kh in 0..<kernelHeight {
                for kw in 0..<kernelWidth {
                    let row = col + ((c * kernelHeight + kh) * kernelWidth + kw) * columns
                    let offset = kw - padLeft
                    let valid = validColumns(offset: offset)
                    for n in 0..<batch {
                        let dst = input + (n * channels + c) * plane
                        let src = row + n * outputPlane
                        for oh in 0..<outputHeight {
                            let ih = oh * stride - padTop + kh
                            if ih < 0 || ih >= height { continue }
                            let line = dst + ih * width + offset
                            let from = src + oh * outputWidth
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
    }
}
