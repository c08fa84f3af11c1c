/// Contiguous, 64-byte aligned Float32 memory behind one or more tensors.
///
/// Tensors share a storage until one of them writes, at which point the writer copies
/// it (copy-on-write, see `Tensor.withUnsafeMutableBufferPointer`). The class is
/// `@unchecked Sendable` because its memory is only written while uniquely referenced.
public final class TensorStorage: @unchecked Sendable {
    /// The number of Float32 elements.
    public let count: Int
    /// The first element; valid for `count` elements while the storage lives.
    let base: UnsafeMutablePointer<Float>

    /// Allocates uninitialised memory for `count` elements.
    init(count: Int) {
        precondition(count >= 0, "negative element count \(count)")
        self.count = count
        // AVX loads are fastest on 32-byte boundaries; 64 also keeps rows on cache lines.
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(count, 1) * MemoryLayout<Float>.stride,
            alignment: 64)
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// Allocates memory for `count` elements, all set to `value`.
    convenience init(count: Int, repeating value: Float) {
        self.init(count: count)
        base.initialize(repeating: value, count: count)
    }

    /// A new storage holding a copy of this one's elements.
    func copy() -> TensorStorage {
        let other = TensorStorage(count: count)
        other.base.update(from: base, count: count)
        return other
    }

    deinit {
        UnsafeMutableRawPointer(base).deallocate()
    }
}
