import Tensor

// A model's weights as bytes, for the store: the sample shape the model was built for,
// then every parameter and state tensor.
//
// Format (all integers UInt32 little-endian, floats IEEE-754 binary32 little-endian):
//   "STW1"  rank  extents...          the sample shape
//   count  then per tensor: rank  extents...  values...
// Parameters come first, then state (batchnorm running statistics), in layer order.

extension Sequential {
    /// The built model's weights in the format above; nil before the model is built.
    public func encodedWeights() -> [UInt8]? {
        guard let sampleShape else { return nil }
        var out: [UInt8] = Array("STW1".utf8)
        func put(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out += $0 } }
        put(sampleShape.count)
        sampleShape.forEach(put)
        let tensors = parameters + state
        put(tensors.count)
        for t in tensors {
            put(t.rank)
            t.shape.forEach(put)
            t.withUnsafeBufferPointer { values in
                out.reserveCapacity(out.count + values.count * 4)
                for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 } }
            }
        }
        return out
    }

    /// A model of `specs` with the weights of `encodedWeights()`.
    /// - Throws: `ModelError.invalidWeights` when the bytes are malformed or do not fit
    ///   these layers.
    public init(_ specs: [LayerSpec], weights bytes: [UInt8]) throws(ModelError) {
        try self.init(specs)
        var reader = WeightReader(bytes: bytes)
        guard reader.take(4) == Array("STW1".utf8) else { throw .invalidWeights("not a Strata weights blob") }
        guard let rank = reader.int(), rank <= 8, let sampleShape = reader.ints(rank) else {
            throw .invalidWeights("truncated sample shape")
        }
        try build(sampleShape: sampleShape, seed: 0)
        guard let count = reader.int(), count == parameters.count + state.count else {
            throw .invalidWeights("expected \(parameters.count + state.count) tensors")
        }
        for i in 0..<count {
            let expected = i < parameters.count ? parameters[i].shape : state[i - parameters.count].shape
            guard let r = reader.int(), r <= 8, let shape = reader.ints(r), shape == expected,
                let values = reader.floats(Tensor.elementCount(of: shape))
            else {
                throw .invalidWeights("tensor \(i) does not have shape \(expected)")
            }
            let t = Tensor(shape: shape, values: values)
            if i < parameters.count { parameters[i] = t } else { state[i - parameters.count] = t }
        }
        guard reader.isAtEnd else { throw .invalidWeights("trailing bytes") }
    }
}

/// Reads the little-endian fields of a weights blob, returning nil past the end.
private struct WeightReader {
    let bytes: [UInt8]
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    mutating func take(_ n: Int) -> [UInt8]? {
        guard n >= 0, offset + n <= bytes.count else { return nil }
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }

    mutating func word() -> UInt32? {
        guard let b = take(4) else { return nil }
        return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }

    mutating func int() -> Int? { word().map(Int.init) }

    mutating func ints(_ n: Int) -> [Int]? {
        var result: [Int] = []
        for _ in 0..<n { guard let v = int() else { return nil }; result.append(v) }
        return result
    }

    mutating func floats(_ n: Int) -> [Float]? {
        guard n >= 0, offset + 4 * n <= bytes.count else { return nil }
        var result = [Float](repeating: 0, count: n)
        for i in 0..<n { result[i] = Float(bitPattern: word()!) }
        return result
    }
}
