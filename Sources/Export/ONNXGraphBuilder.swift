import Foundation
import SwiftProtobuf

/// Collects an ONNX graph's nodes and constant tensors, naming each value uniquely
/// after the layer or step it comes from (`layer0_dense`, `preprocess1_standardize`).
struct ONNXGraphBuilder {
    private(set) var nodes: [Onnx_NodeProto] = []
    private(set) var initializers: [Onnx_TensorProto] = []
    private var used: Set<String> = []

    /// A name not used yet, `base` itself the first time.
    mutating func fresh(_ base: String) -> String {
        var name = base
        var suffix = 1
        while used.contains(name) {
            name = "\(base)_\(suffix)"
            suffix += 1
        }
        used.insert(name)
        return name
    }

    /// Adds a node and returns the name of its (first) output, or `output` when given.
    @discardableResult
    mutating func node(
        _ op: String, _ inputs: [String], name: String, output: String? = nil,
        attributes: [Onnx_AttributeProto] = []
    ) -> String {
        let result = output ?? fresh(name)
        var node = Onnx_NodeProto()
        node.opType = op
        node.name = fresh(name + "_" + op)
        node.input = inputs
        node.output = [result]
        node.attribute = attributes
        nodes.append(node)
        return result
    }

    /// Adds a node with `count` outputs and returns their names (an operator such as
    /// LSTM whose later outputs are the ones needed).
    mutating func node(
        _ op: String, _ inputs: [String], name: String, outputs count: Int, attributes: [Onnx_AttributeProto] = []
    ) -> [String] {
        let results = (0..<count).map { fresh(name + "_out\($0)") }
        var node = Onnx_NodeProto()
        node.opType = op
        node.name = fresh(name + "_" + op)
        node.input = inputs
        node.output = results
        node.attribute = attributes
        nodes.append(node)
        return results
    }

    /// Adds a float32 constant of `shape` and returns its name.
    mutating func constant(_ name: String, floats values: [Float], shape: [Int]) -> String {
        precondition(values.count == shape.reduce(1, *), "constant \(name): \(values.count) values for shape \(shape)")
        var bytes = Data(capacity: values.count * 4)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        return add(name, type: .float, shape: shape, raw: bytes)
    }

    /// Adds a float64 constant of `shape` and returns its name.
    mutating func constant(_ name: String, doubles values: [Double], shape: [Int]) -> String {
        precondition(values.count == shape.reduce(1, *), "constant \(name): \(values.count) values for shape \(shape)")
        var bytes = Data(capacity: values.count * 8)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        return add(name, type: .double, shape: shape, raw: bytes)
    }

    /// Adds an int64 constant of `shape` and returns its name.
    mutating func constant(_ name: String, int64s values: [Int64], shape: [Int]) -> String {
        var bytes = Data(capacity: values.count * 8)
        for v in values { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
        return add(name, type: .int64, shape: shape, raw: bytes)
    }

    private mutating func add(_ name: String, type: Onnx_TensorProto.DataType, shape: [Int], raw: Data) -> String {
        var tensor = Onnx_TensorProto()
        tensor.name = fresh(name)
        tensor.dataType = Int32(type.rawValue)
        tensor.dims = shape.map(Int64.init)
        tensor.rawData = raw
        initializers.append(tensor)
        return tensor.name
    }
}

/// Attribute constructors, so a node reads as `.ints("strides", [2, 2])`.
extension Onnx_AttributeProto {
    static func int(_ name: String, _ value: Int) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .int
        a.i = Int64(value)
        return a
    }

    static func ints(_ name: String, _ values: [Int]) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .ints
        a.ints = values.map(Int64.init)
        return a
    }

    static func float(_ name: String, _ value: Float) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .float
        a.f = value
        return a
    }

    static func string(_ name: String, _ value: String) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .string
        a.s = Data(value.utf8)
        return a
    }
}

extension Onnx_ValueInfoProto {
    /// A tensor of `type` whose first axis is the symbolic batch `N`, then `shape`.
    static func batched(_ name: String, type: Onnx_TensorProto.DataType, shape: [Int]) -> Onnx_ValueInfoProto {
        var tensorType = Onnx_TypeProto.Tensor()
        tensorType.elemType = Int32(type.rawValue)
        var batch = Onnx_TensorShapeProto.Dimension()
        batch.dimParam = "N"
        tensorType.shape.dim =
            [batch]
            + shape.map { extent in
                var d = Onnx_TensorShapeProto.Dimension()
                d.dimValue = Int64(extent)
                return d
            }
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type.tensorType = tensorType
        return info
    }
}
