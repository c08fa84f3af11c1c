/// A dense, row-major Float32 tensor with value semantics.
///
/// Elements live in a shared `TensorStorage` that is copied only when a tensor that
/// shares it is written (copy-on-write), so passing and reshaping tensors is cheap.
/// Shape errors are programming errors here (preconditions); callers that take shapes
/// from users (Learn) validate them first and throw typed errors.
public struct Tensor: Sendable {
    /// The extent of each axis, outermost first. A scalar has shape `[]`.
    public internal(set) var shape: [Int]
    var storage: TensorStorage

    /// The number of elements (the product of the shape).
    public var count: Int { storage.count }
    /// The number of axes.
    public var rank: Int { shape.count }

    /// The product of `shape`, checking that no extent is negative.
    public static func elementCount(of shape: [Int]) -> Int {
        var n = 1
        for d in shape {
            precondition(d >= 0, "negative extent in shape \(shape)")
            n *= d
        }
        return n
    }

    /// Wraps an existing storage; `storage.count` must match `shape`.
    init(shape: [Int], storage: TensorStorage) {
        precondition(
            Tensor.elementCount(of: shape) == storage.count,
            "shape \(shape) does not hold \(storage.count) elements")
        self.shape = shape
        self.storage = storage
    }

    /// A tensor whose elements are not initialised; every element must be written before
    /// it is read.
    init(uninitializedShape shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(count: Tensor.elementCount(of: shape)))
    }

    /// A tensor of the given shape with every element `value`.
    public init(shape: [Int], repeating value: Float) {
        self.init(shape: shape, storage: TensorStorage(count: Tensor.elementCount(of: shape), repeating: value))
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        self.init(shape: shape, repeating: 0)
    }

    /// A tensor holding `values` in row-major order; `values.count` must match `shape`.
    public init(shape: [Int], values: [Float]) {
        let n = Tensor.elementCount(of: shape)
        precondition(values.count == n, "\(values.count) values do not fill shape \(shape)")
        self.init(uninitializedShape: shape)
        values.withUnsafeBufferPointer { src in
            if let from = src.baseAddress { storage.base.update(from: from, count: n) }
        }
    }

    /// A rank-0 tensor.
    public init(scalar: Float) {
        self.init(shape: [], values: [scalar])
    }

    /// The elements in row-major order.
    public var scalars: [Float] {
        Array(UnsafeBufferPointer(start: storage.base, count: count))
    }

    /// The only element of a one-element tensor.
    public var scalar: Float {
        precondition(count == 1, "tensor of shape \(shape) is not a scalar")
        return storage.base[0]
    }

    /// The element at a row-major flat index.
    public subscript(flat index: Int) -> Float {
        get {
            precondition(index >= 0 && index < count, "flat index \(index) out of range 0..<\(count)")
            return storage.base[index]
        }
        set {
            precondition(index >= 0 && index < count, "flat index \(index) out of range 0..<\(count)")
            makeUnique()
            storage.base[index] = newValue
        }
    }

    /// The element at a multi-dimensional index.
    public subscript(_ index: Int...) -> Float {
        get { storage.base[flatIndex(index)] }
        set {
            let i = flatIndex(index)
            makeUnique()
            storage.base[i] = newValue
        }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) has the wrong rank for shape \(shape)")
        var flat = 0
        for (i, d) in zip(index, shape) {
            precondition(i >= 0 && i < d, "index \(index) out of range for shape \(shape)")
            flat = flat * d + i
        }
        return flat
    }

    /// Copies the storage if another tensor shares it, so this tensor may write.
    @inline(__always)
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Reads the elements in row-major order.
    @inline(__always)
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: count))
    }

    /// Writes the elements in row-major order, copying shared storage first.
    @inline(__always)
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.base, count: count))
    }

    /// The same elements viewed with another shape of equal element count (no copy).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, storage: storage)
    }

    /// True when both tensors have the same shape and bit-identical elements.
    public func isIdentical(to other: Tensor) -> Bool {
        guard shape == other.shape else { return false }
        for i in 0..<count where storage.base[i].bitPattern != other.storage.base[i].bitPattern { return false }
        return true
    }
}

extension Tensor: CustomStringConvertible {
    /// The shape and up to the first eight elements, e.g. `Tensor[2, 3](1, 2, 3, 4, 5, 6)`.
    public var description: String {
        let shown = (0..<min(count, 8)).map { "\(storage.base[$0])" }.joined(separator: ", ")
        return "Tensor\(shape)(\(shown)\(count > 8 ? ", ..." : ""))"
    }
}
