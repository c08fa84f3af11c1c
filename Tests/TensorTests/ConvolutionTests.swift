import Testing

@testable import Tensor

@Suite struct ConvolutionTests {
    /// Direct convolution with explicit zero padding, straight from the definition.
    static func direct(_ x: Tensor, _ w: Tensor, _ b: Tensor, stride: Int, padding: Padding) -> Tensor {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (f, k) = (w.shape[0], w.shape[2])
        let rows = ConvolutionGeometry.outputExtent(input: h, kernel: k, stride: stride, padding: padding)!
        let cols = ConvolutionGeometry.outputExtent(input: wd, kernel: k, stride: stride, padding: padding)!
        var out = Tensor(zeros: [n, f, rows.extent, cols.extent])
        for s in 0..<n {
            for o in 0..<f {
                for i in 0..<rows.extent {
                    for j in 0..<cols.extent {
                        var total = Double(b[o])
                        for ch in 0..<c {
                            for di in 0..<k {
                                for dj in 0..<k {
                                    let (y, xx) = (i * stride - rows.padBefore + di, j * stride - cols.padBefore + dj)
                                    if y >= 0 && y < h && xx >= 0 && xx < wd {
                                        total += Double(x[s, ch, y, xx]) * Double(w[o, ch, di, dj])
                                    }
                                }
                            }
                        }
                        out[s, o, i, j] = Float(total)
                    }
                }
            }
        }
        return out
    }

    @Test(arguments: [(1, Padding.same), (1, .valid), (2, .same), (2, .valid)], [3, 2])
    func matchesDirectConvolution(_ setting: (Int, Padding), _ kernel: Int) {
        let x = Tensor(uniformShape: [2, 3, 6, 5], seed: 10)
        let w = Tensor(uniformShape: [4, 3, kernel, kernel], seed: 11)
        let b = Tensor(uniformShape: [4], seed: 12)
        let y = x.conv2d(weight: w, bias: b, stride: setting.0, padding: setting.1)
        let expected = Self.direct(x, w, b, stride: setting.0, padding: setting.1)
        #expect(y.shape == expected.shape)
        #expect(y.maxAbsDifference(expected) < 1e-5)
    }

    @Test func samePaddingKeepsSizeAndValidShrinks() {
        #expect(
            ConvolutionGeometry(inputShape: [1, 1, 28, 28], filters: 8, kernel: 3, stride: 1, padding: .same)!
                .outputShape == [1, 8, 28, 28])
        #expect(
            ConvolutionGeometry(inputShape: [1, 1, 28, 28], filters: 8, kernel: 3, stride: 1, padding: .valid)!
                .outputShape == [1, 8, 26, 26])
        #expect(
            ConvolutionGeometry(inputShape: [1, 1, 7, 7], filters: 1, kernel: 3, stride: 2, padding: .same)!.outputShape
                == [1, 1, 4, 4])
        #expect(
            ConvolutionGeometry(inputShape: [1, 1, 2, 2], filters: 1, kernel: 3, stride: 1, padding: .valid) == nil)
    }

    @Test(arguments: [2, 3])
    func poolingMatchesDefinition(_ size: Int) {
        let x = Tensor(shape: [2, 2, 7, 8], values: (0..<224).map { Float(($0 * 37) % 101) })
        let mx = x.maxPool2d(size: size), av = x.avgPool2d(size: size)
        #expect(mx.shape == [2, 2, 7 / size, 8 / size] && av.shape == mx.shape)
        for n in 0..<2 {
            for c in 0..<2 {
                for i in 0..<(7 / size) {
                    for j in 0..<(8 / size) {
                        var window: [Float] = []
                        for di in 0..<size {
                            for dj in 0..<size { window.append(x[n, c, size * i + di, size * j + dj]) }
                        }
                        #expect(mx[n, c, i, j] == window.max()!)
                        #expect(abs(av[n, c, i, j] - window.reduce(0, +) / Float(size * size)) < 1e-4)
                    }
                }
            }
        }
        #expect(Tensor.pooledShape([1, 1, 1, 4], size: 2) == nil)
    }
}
