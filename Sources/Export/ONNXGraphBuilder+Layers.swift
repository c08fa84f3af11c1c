import Learn
import Tensor

// Each layer of a built `Sequential` as ONNX operators, in the order and with the
// semantics of `Sequential.forward` in inference mode (NCHW, weights as stored):
//
//   dense       Gemm(x, W [in, out], b)            (x [N, in]; W is not transposed)
//   conv2d      Conv(x, W [F, C, k, k], b)          strides k; pads from ConvolutionGeometry
//                                                   ("same": the odd extra after)
//   maxpool2d   MaxPool   kernel = stride = size, no padding, floor
//   avgpool2d   AveragePool   likewise
//   flatten     Flatten(axis 1)
//   reshape     Reshape(x, [-1] + the layer's output shape)
//   dropout     nothing (the identity at inference)
//   batchnorm   BatchNormalization(x, scale, shift, running mean, running variance), eps 1e-5
//   activations Relu, Sigmoid, Tanh, Softmax(axis -1: the last axis, as Strata's),
//               Gelu (exact, opset 20)

extension ONNXGraphBuilder {
    /// Adds the model's layers after `input` and returns the name of the last output.
    /// The last layer's activation is left out when it is `omitting` (the loss's fused
    /// activation, which the caller applies to the whole output instead).
    mutating func layers(of model: Sequential, input: String, omitting: Activation?) throws(ExportError) -> String {
        var h = input
        for (index, layer) in model.layers.enumerated() {
            let skipped = index == model.layers.count - 1 ? omitting : nil
            let prefix = "layer\(index)_\(layer.spec.name)"
            let p = layer.parameters.lowerBound
            switch layer.spec {
            case .dense:
                guard layer.inputShape.count == 1 else {
                    throw .unsupportedLayer(index: index, kind: layer.spec.name, reason: "its input is not flat")
                }
                let w = constant(prefix + "_weight", model.parameters[p])
                let b = constant(prefix + "_bias", model.parameters[p + 1])
                h = node("Gemm", [h, w, b], name: prefix)
            case .conv2d(_, let kernel, let stride, let padding, _):
                guard layer.inputShape.count == 3 else {
                    throw .unsupportedLayer(
                        index: index, kind: layer.spec.name,
                        reason: "its input is not [channels, height, width]")
                }
                let pads = try ONNXGraphBuilder.pads(
                    input: layer.inputShape, kernel: kernel, stride: stride,
                    padding: padding, index: index)
                let w = constant(prefix + "_weight", model.parameters[p])
                let b = constant(prefix + "_bias", model.parameters[p + 1])
                h = node(
                    "Conv", [h, w, b], name: prefix,
                    attributes: [
                        .ints("kernel_shape", [kernel, kernel]), .ints("strides", [stride, stride]),
                        .ints("pads", pads), .ints("dilations", [1, 1]), .int("group", 1),
                    ])
            case .maxPool2d(let size):
                h = node(
                    "MaxPool", [h], name: prefix,
                    attributes: [
                        .ints("kernel_shape", [size, size]), .ints("strides", [size, size]),
                        .ints("pads", [0, 0, 0, 0]),
                    ])
            case .avgPool2d(let size):
                h = node(
                    "AveragePool", [h], name: prefix,
                    attributes: [
                        .ints("kernel_shape", [size, size]), .ints("strides", [size, size]),
                        .ints("pads", [0, 0, 0, 0]),
                    ])
            case .flatten:
                h = node("Flatten", [h], name: prefix, attributes: [.int("axis", 1)])
            case .reshape:
                let shape = constant(
                    prefix + "_shape", int64s: [-1] + layer.outputShape.map(Int64.init),
                    shape: [layer.outputShape.count + 1])
                h = node("Reshape", [h, shape], name: prefix)
            case .dropout:
                break
            case .batchNorm:
                let s = layer.state.lowerBound
                let inputs = [
                    h, constant(prefix + "_scale", model.parameters[p]),
                    constant(prefix + "_shift", model.parameters[p + 1]),
                    constant(prefix + "_running_mean", model.state[s]),
                    constant(prefix + "_running_variance", model.state[s + 1]),
                ]
                // The epsilon Strata's batch normalisation uses (Tape.batchNorm's default).
                h = node("BatchNormalization", inputs, name: prefix, attributes: [.float("epsilon", 1e-5)])
            case .activation:
                break
            }
            if let a = layer.spec.activation, a != skipped {
                h = activation(a, h, name: prefix)
            }
        }
        return h
    }

    /// One activation over `x`.
    mutating func activation(_ a: Activation, _ x: String, name: String) -> String {
        switch a {
        case .relu: node("Relu", [x], name: name)
        case .sigmoid: node("Sigmoid", [x], name: name)
        case .tanh: node("Tanh", [x], name: name)
        case .softmax: node("Softmax", [x], name: name, attributes: [.int("axis", -1)])
        case .gelu: node("Gelu", [x], name: name, attributes: [.string("approximate", "none")])
        }
    }

    /// A float32 constant holding `tensor`, in its shape.
    mutating func constant(_ name: String, _ tensor: Tensor) -> String {
        constant(name, floats: tensor.scalars, shape: tensor.shape)
    }

    /// ONNX's `pads` [top, left, bottom, right] for Strata's padding of a square kernel
    /// over [C, H, W] samples: what `ConvolutionGeometry` pads before, and the rest of
    /// the total after.
    static func pads(input: [Int], kernel: Int, stride: Int, padding: Padding, index: Int) throws(ExportError) -> [Int]
    {
        var before: [Int] = [], after: [Int] = []
        for extent in input.dropFirst() {
            guard
                let axis = ConvolutionGeometry.outputExtent(
                    input: extent, kernel: kernel, stride: stride,
                    padding: padding)
            else {
                throw .unsupportedLayer(index: index, kind: "conv2d", reason: "the kernel does not fit the input")
            }
            let total = Swift.max((axis.extent - 1) * stride + kernel - extent, 0)
            before.append(axis.padBefore)
            after.append(padding == .valid ? 0 : total - axis.padBefore)
        }
        return before + after
    }
}
