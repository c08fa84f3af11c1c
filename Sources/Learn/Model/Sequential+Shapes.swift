import Tensor

// Shape inference: what each layer makes of one sample's shape.

extension Sequential {
    static func outputShape(of spec: LayerSpec, index: Int, input: [Int]) throws(ModelError) -> [Int] {
        func fail(_ reason: String) -> ModelError {
            .incompatibleInput(index: index, layer: spec.description, inputShape: input, reason: reason)
        }
        switch spec {
        case .dense(let units, _):
            guard input.count == 1 else {
                throw fail("dense takes flat samples; add flatten() before it")
            }
            return [units]
        case .conv2d(let filters, let kernel, let stride, let padding, _):
            guard input.count == 3 else {
                throw fail(
                    "conv2d takes samples of shape [channels, height, width]; use reshape([1, h, w]) for flat images")
            }
            guard
                let g = ConvolutionGeometry(
                    inputShape: [1] + input, filters: filters, kernel: kernel,
                    stride: stride, padding: padding)
            else {
                throw fail(
                    "the \(kernel)x\(kernel) kernel does not fit a \(input[1])x\(input[2]) image with padding \"valid\""
                )
            }
            return Array(g.outputShape.dropFirst())
        case .maxPool2d(let size), .avgPool2d(let size):
            guard input.count == 3 else {
                throw fail("\(spec.name) takes samples of shape [channels, height, width]")
            }
            guard let pooled = Tensor.pooledShape([1] + input, size: size) else {
                throw fail("the \(size)x\(size) window is larger than the \(input[1])x\(input[2]) image")
            }
            return Array(pooled.dropFirst())
        case .flatten:
            return [Tensor.elementCount(of: input)]
        case .reshape(let shape):
            let total = Tensor.elementCount(of: input)
            let known = shape.filter { $0 != -1 }.reduce(1, *)
            if shape.contains(-1) {
                guard known > 0, total % known == 0 else {
                    throw fail("\(total) values per sample cannot be arranged as \(shape)")
                }
                return shape.map { $0 == -1 ? total / known : $0 }
            }
            guard known == total else {
                throw fail("\(total) values per sample cannot be arranged as \(shape) (\(known) values)")
            }
            return shape
        case .batchNorm:
            guard input.count == 1 || input.count == 3 else {
                throw fail("batchnorm takes flat samples or [channels, height, width] samples")
            }
            return input
        case .dropout, .activation:
            return input
        case .embedding(let dim, _):
            guard input.count == 1 else {
                throw fail("embedding takes samples of token ids, [length]; vectorize(ds) makes them from text")
            }
            return [input[0], dim]
        case .conv1d(let filters, let kernel, let stride, let padding, _):
            guard input.count == 2 else {
                throw fail("conv1d takes sequences, [length, channels], such as embedding's output")
            }
            guard
                let g = Convolution1DGeometry(
                    length: input[0], channels: input[1], kernel: kernel, stride: stride, padding: padding)
            else {
                throw fail("the kernel of \(kernel) does not fit a sequence of \(input[0]) with padding \"valid\"")
            }
            return [g.outputLength, filters]
        case .maxPool1d(let size):
            guard input.count == 2 else { throw fail("maxpool1d takes sequences, [length, channels]") }
            guard input[0] >= size else {
                throw fail("the window of \(size) is longer than the sequence of \(input[0])")
            }
            return [input[0] / size, input[1]]
        case .layerNorm:
            guard input.count == 1 || input.count == 2 else {
                throw fail("layernorm takes flat samples or sequences, [length, features]")
            }
            return input
        case .recurrent(let cell, let units, let sequences, let bidirectional):
            guard input.count == 2 else {
                throw fail(
                    "\(cell.rawValue) takes sequences, [length, features], such as embedding's or conv1d's output; "
                        + "this input is not a sequence")
            }
            let width = bidirectional ? 2 * units : units
            return sequences ? [input[0], width] : [width]
        case .transformer(let heads, _, _):
            guard input.count == 2 else {
                throw fail("transformer takes sequences, [length, width], such as embedding's output")
            }
            guard input[1] % heads == 0 else {
                throw fail("its width \(input[1]) is not divisible by heads: \(heads) (each head takes width / heads)")
            }
            return input
        case .globalAvgPool, .globalMaxPool:
            guard input.count == 2 else {
                throw fail("\(spec.name) takes sequences, [length, features], such as embedding's output")
            }
            return [input[1]]
        }
    }
}
