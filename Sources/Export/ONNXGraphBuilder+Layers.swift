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
//   lstm, gru   Transpose to [L, N, D], LSTM / GRU (gates reordered from PyTorch's ifgo / rzn to
//               ONNX's iofc / zrh, biases [W_b, R_b], GRU linear_before_reset 1, direction
//               "bidirectional" when so), sequence_lens = the mask's sum (padding is at the end);
//               Y [L, dirs, N, H] to [N, L, dirs * H], or Y_h [dirs, N, H] to [N, dirs * H]
//   transformer Add(positions); LayerNormalization; MatMul/Add to Q | K | V, each Reshape
//               [N, L, heads, dh] and Transpose to [N, heads, L, dh]; Softmax(Q K^T / sqrt(dh) +
//               (mask - 1) * 1e9) V (the -1e9 on padded keys, as Strata adds it); back to
//               [N, L, D]; MatMul/Add W_o; the residual; LayerNormalization; MatMul/Add, Gelu,
//               MatMul/Add; the residual (dropout is the identity at inference)
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
            case .recurrent(let cell, let units, let sequences, let bidirectional):
                guard layer.inputShape.count == 2 else {
                    throw .unsupportedLayer(
                        index: index, kind: layer.spec.name, reason: "its input is not [length, features]")
                }
                h = recurrent(
                    cell, units: units, sequences: sequences, bidirectional: bidirectional, input: h, mask: mask,
                    weights: Array(model.parameters[layer.parameters]), name: prefix)
                if !sequences { mask = nil }
            case .transformer(let heads, _, _):
                guard layer.inputShape.count == 2 else {
                    throw .unsupportedLayer(
                        index: index, kind: layer.spec.name, reason: "its input is not [length, width]")
                }
                h = transformer(
                    input: h, heads: heads, width: layer.inputShape[1], mask: mask,
                    parameters: Array(model.parameters[layer.parameters]), name: prefix)
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

extension ONNXGraphBuilder {
    /// An LSTM or GRU over x [N, L, D] as ONNX's operator of that name (see the table above).
    mutating func recurrent(
        _ cell: RecurrentCell, units: Int, sequences: Bool, bidirectional: Bool, input x: String, mask: String?,
        weights: [Tensor], name: String
    ) -> String {
        let directions = bidirectional ? 2 : 1
        // ONNX's gate order from PyTorch's: LSTM (i, f, g, o) -> (i, o, f, g); GRU (r, z, n) -> (z, r, n).
        let order = cell == .lstm ? [0, 3, 1, 2] : [1, 0, 2]
        func reordered(_ t: Tensor) -> [Float] {
            let values = t.scalars
            let block = values.count / cell.gates
            return order.flatMap { values[($0 * block)..<(($0 + 1) * block)] }
        }
        var w: [Float] = [], r: [Float] = [], b: [Float] = []
        for direction in 0..<directions {
            let own = Array(weights[(4 * direction)..<(4 * direction + 4)])
            w += reordered(own[0])
            r += reordered(own[1])
            b += reordered(own[2]) + reordered(own[3])
        }
        let gates = cell.gates * units
        let features = weights[0].shape[1]
        var inputs = [
            node("Transpose", [x], name: name, attributes: [.ints("perm", [1, 0, 2])]),
            constant(name + "_W", floats: w, shape: [directions, gates, features]),
            constant(name + "_R", floats: r, shape: [directions, gates, units]),
            constant(name + "_B", floats: b, shape: [directions, 2 * gates]),
        ]
        if let mask {
            let axes = constant(name + "_length_axes", int64s: [1, 2], shape: [2])
            let lengths = node("ReduceSum", [mask, axes], name: name, attributes: [.int("keepdims", 0)])
            inputs.append(
                node(
                    "Cast", [lengths], name: name + "_lengths",
                    attributes: [.int("to", Onnx_TensorProto.DataType.int32.rawValue)]))
        }
        var attributes: [Onnx_AttributeProto] = [
            .int("hidden_size", units), .string("direction", bidirectional ? "bidirectional" : "forward"),
        ]
        if cell == .gru { attributes.append(.int("linear_before_reset", 1)) }
        let outputs = node(cell == .lstm ? "LSTM" : "GRU", inputs, name: name, outputs: 2, attributes: attributes)
        if sequences {
            let shape = constant(name + "_shape", int64s: [0, 0, -1], shape: [3])
            let batchFirst = node("Transpose", [outputs[0]], name: name, attributes: [.ints("perm", [2, 0, 1, 3])])
            return node("Reshape", [batchFirst, shape], name: name)
        }
        let shape = constant(name + "_shape", int64s: [0, -1], shape: [2])
        let batchFirst = node("Transpose", [outputs[1]], name: name, attributes: [.ints("perm", [1, 0, 2])])
        return node("Reshape", [batchFirst, shape], name: name)
    }
}

extension ONNXGraphBuilder {
    /// A transformer block over x [N, L, D] (see the table above and Sequential+Transformer.swift).
    mutating func transformer(
        input x: String, heads: Int, width: Int, mask: String?, parameters p: [Tensor], name: String
    ) -> String {
        let perHead = width / heads
        func linear(_ x: String, _ w: Tensor, _ b: Tensor, _ label: String) -> String {
            let product = node("MatMul", [x, constant(name + "_" + label + "_weight", w)], name: name)
            return node("Add", [product, constant(name + "_" + label + "_bias", b)], name: name)
        }
        func norm(_ x: String, _ scale: Tensor, _ shift: Tensor, _ label: String) -> String {
            node(
                "LayerNormalization",
                [x, constant(name + "_" + label + "_scale", scale), constant(name + "_" + label + "_shift", shift)],
                name: name, attributes: [.int("axis", -1), .float("epsilon", 1e-5)])
        }
        let x0 = node("Add", [x, constant(name + "_positions", p[0])], name: name)
        let qkv = linear(norm(x0, p[1], p[2], "norm1"), p[3], p[4], "qkv")
        // Q, K and V as [N, heads, L, dh].
        let split = constant(name + "_split", int64s: [Int64(width), Int64(width), Int64(width)], shape: [3])
        let parts = node("Split", [qkv, split], name: name, outputs: 3, attributes: [.int("axis", -1)])
        let byHead = constant(name + "_heads_shape", int64s: [0, 0, Int64(heads), Int64(perHead)], shape: [4])
        let (q, k, v) = (0, 1, 2)
        var headed: [String] = []
        for part in [q, k, v] {
            let reshaped = node("Reshape", [parts[part], byHead], name: name)
            headed.append(node("Transpose", [reshaped], name: name, attributes: [.ints("perm", [0, 2, 1, 3])]))
        }
        let keysT = node("Transpose", [headed[k]], name: name, attributes: [.ints("perm", [0, 1, 3, 2])])
        let scale = constant(name + "_scale", floats: [1 / Float(perHead).squareRoot()], shape: [])
        var scores = node("Mul", [node("MatMul", [headed[q], keysT], name: name), scale], name: name)
        if let mask {
            // [N, L, 1] -> [N, 1, 1, L]: 0 for a token, -1e9 for padding, over the keys.
            let keys = node("Transpose", [mask], name: name + "_keys", attributes: [.ints("perm", [0, 2, 1])])
            let axes = constant(name + "_keys_axes", int64s: [1], shape: [1])
            let wide = node("Unsqueeze", [keys, axes], name: name + "_keys")
            let one = constant(name + "_one", floats: [1], shape: [])
            let large = constant(name + "_large", floats: [1e9], shape: [])
            let bias = node("Mul", [node("Sub", [wide, one], name: name), large], name: name)
            scores = node("Add", [scores, bias], name: name)
        }
        let weights = node("Softmax", [scores], name: name, attributes: [.int("axis", -1)])
        let context = node("MatMul", [weights, headed[v]], name: name)
        let joined = node(
            "Reshape",
            [
                node("Transpose", [context], name: name, attributes: [.ints("perm", [0, 2, 1, 3])]),
                constant(name + "_joined_shape", int64s: [0, 0, Int64(width)], shape: [3]),
            ], name: name)
        let x1 = node("Add", [x0, linear(joined, p[5], p[6], "out")], name: name)
        let inner = node(
            "Gelu", [linear(norm(x1, p[7], p[8], "norm2"), p[9], p[10], "ff1")], name: name,
            attributes: [.string("approximate", "none")])
        return node("Add", [x1, linear(inner, p[11], p[12], "ff2")], name: name)
    }
}
