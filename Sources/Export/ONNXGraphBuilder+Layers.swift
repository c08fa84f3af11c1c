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
//   embedding   Gather(table, ids as int64, axis 0), an id outside the table read as 1
//               (unknown); the padding mask Cast(Not(Equal(ids, 0)), float) [N, L]
//   conv1d      Transpose to [N, C, L], Conv(W as [F, C, k], b; pads from Convolution1DGeometry),
//               Transpose back; the mask through MaxPool(kernel k, the same strides and pads)
//   maxpool1d   Transpose, MaxPool(kernel = stride = size), Transpose back; the mask likewise
//   layernorm   LayerNormalization(x, scale, shift, axis -1, epsilon 1e-5)
//   global_avgpool  ReduceSum(x * mask, axis 1) / Max(ReduceSum(mask, axis 1), 1)
//   global_maxpool  ReduceMax(Where(mask, x, -FLT_MAX), axis 1) * ReduceMax(mask, axis 1)
//               (a sequence of padding only gives 0; without a mask, plain reductions)

extension ONNXGraphBuilder {
    /// Adds the model's layers after `input` and returns the name of the last output.
    /// The last layer's activation is left out when it is `omitting` (the loss's fused
    /// activation, which the caller applies to the whole output instead).
    mutating func layers(of model: Sequential, input: String, omitting: Activation?) throws(ExportError) -> String {
        var h = input
        // [N, L, 1] floats, 1 where a position holds a token: set by an embedding, read
        // (and dropped) by the global pools, as Sequential.forward does.
        var mask: String?
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
            case .embedding:
                let table = model.parameters[p]
                let ids = node(
                    "Cast", [h], name: prefix + "_ids",
                    attributes: [.int("to", Onnx_TensorProto.DataType.int64.rawValue)])
                let rows = constant(prefix + "_rows", int64s: [Int64(table.shape[0])], shape: [])
                let zero = constant(prefix + "_zero", int64s: [0], shape: [])
                let unknown = constant(
                    prefix + "_unknown", int64s: [Int64(Swift.min(1, table.shape[0] - 1))], shape: [])
                let outside = node(
                    "Or",
                    [node("Less", [ids, zero], name: prefix), node("GreaterOrEqual", [ids, rows], name: prefix)],
                    name: prefix)
                let index = node("Where", [outside, unknown, ids], name: prefix)
                let tokens = node("Not", [node("Equal", [ids, zero], name: prefix)], name: prefix)
                let axes = constant(prefix + "_axes", int64s: [2], shape: [1])
                mask = node(
                    "Unsqueeze",
                    [
                        node(
                            "Cast", [tokens], name: prefix,
                            attributes: [.int("to", Onnx_TensorProto.DataType.float.rawValue)]), axes,
                    ],
                    name: prefix + "_mask")
                h = node(
                    "Gather", [constant(prefix + "_table", table), index], name: prefix, attributes: [.int("axis", 0)])
            case .conv1d(let filters, let kernel, let stride, let padding, _):
                let shape = layer.inputShape
                guard
                    let g = Convolution1DGeometry(
                        length: shape[0], channels: shape[1], kernel: kernel, stride: stride, padding: padding)
                else {
                    throw .unsupportedLayer(
                        index: index, kind: layer.spec.name, reason: "its input is not [length, channels]")
                }
                // Strata keeps [kernel, channels, filters]; ONNX's Conv wants [filters, channels, kernel].
                let weight = model.parameters[p].scalars
                let channels = shape[1]
                var reordered = [Float](repeating: 0, count: weight.count)
                for k in 0..<kernel {
                    for c in 0..<channels {
                        for f in 0..<filters {
                            reordered[(f * channels + c) * kernel + k] = weight[(k * channels + c) * filters + f]
                        }
                    }
                }
                let w = constant(prefix + "_weight", floats: reordered, shape: [filters, channels, kernel])
                let b = constant(prefix + "_bias", model.parameters[p + 1])
                let windows: [Onnx_AttributeProto] = [
                    .ints("kernel_shape", [kernel]), .ints("strides", [stride]),
                    .ints("pads", [g.padBefore, g.padAfter]),
                ]
                let across = node("Transpose", [h], name: prefix, attributes: [.ints("perm", [0, 2, 1])])
                let convolved = node(
                    "Conv", [across, w, b], name: prefix, attributes: windows + [.ints("dilations", [1])])
                h = node("Transpose", [convolved], name: prefix, attributes: [.ints("perm", [0, 2, 1])])
                mask = mask.map { windowMask($0, windows, name: prefix) }
            case .maxPool1d(let size):
                let windows: [Onnx_AttributeProto] = [
                    .ints("kernel_shape", [size]), .ints("strides", [size]), .ints("pads", [0, 0]),
                ]
                let across = node("Transpose", [h], name: prefix, attributes: [.ints("perm", [0, 2, 1])])
                let pooled = node("MaxPool", [across], name: prefix, attributes: windows)
                h = node("Transpose", [pooled], name: prefix, attributes: [.ints("perm", [0, 2, 1])])
                mask = mask.map { windowMask($0, windows, name: prefix) }
            case .layerNorm:
                let inputs = [
                    h, constant(prefix + "_scale", model.parameters[p]),
                    constant(prefix + "_shift", model.parameters[p + 1]),
                ]
                h = node(
                    "LayerNormalization", inputs, name: prefix,
                    attributes: [.int("axis", -1), .float("epsilon", 1e-5)])
            case .globalAvgPool:
                let axes = constant(prefix + "_axes", int64s: [1], shape: [1])
                if let m = mask {
                    let sum = node(
                        "ReduceSum", [node("Mul", [h, m], name: prefix), axes], name: prefix,
                        attributes: [.int("keepdims", 0)])
                    let count = node("ReduceSum", [m, axes], name: prefix, attributes: [.int("keepdims", 0)])
                    let one = constant(prefix + "_one", floats: [1], shape: [])
                    h = node("Div", [sum, node("Max", [count, one], name: prefix)], name: prefix)
                } else {
                    h = node("ReduceMean", [h, axes], name: prefix, attributes: [.int("keepdims", 0)])
                }
                mask = nil
            case .globalMaxPool:
                let axes = constant(prefix + "_axes", int64s: [1], shape: [1])
                if let m = mask {
                    let lowest = constant(prefix + "_lowest", floats: [-Float.greatestFiniteMagnitude], shape: [])
                    let kept = node(
                        "Cast", [m], name: prefix, attributes: [.int("to", Onnx_TensorProto.DataType.bool.rawValue)])
                    let filled = node("Where", [kept, h, lowest], name: prefix)
                    let largest = node("ReduceMax", [filled, axes], name: prefix, attributes: [.int("keepdims", 0)])
                    let any = node("ReduceMax", [m, axes], name: prefix, attributes: [.int("keepdims", 0)])
                    h = node("Mul", [largest, any], name: prefix)
                } else {
                    h = node("ReduceMax", [h, axes], name: prefix, attributes: [.int("keepdims", 0)])
                }
                mask = nil
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

extension ONNXGraphBuilder {
    /// A mask [N, L, 1] through the windows `attributes` describe: 1 where a window holds
    /// a token (MaxPool pads with -inf, so a window's padding never counts).
    mutating func windowMask(_ mask: String, _ attributes: [Onnx_AttributeProto], name: String) -> String {
        let across = node("Transpose", [mask], name: name + "_mask", attributes: [.ints("perm", [0, 2, 1])])
        let pooled = node("MaxPool", [across], name: name + "_mask", attributes: attributes)
        return node("Transpose", [pooled], name: name + "_mask", attributes: [.ints("perm", [0, 2, 1])])
    }
}
