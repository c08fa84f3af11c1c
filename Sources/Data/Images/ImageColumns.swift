import Dispatch

/// Decoded images turned into a dataset's columns: one Float column per sample
/// position, `pixel0` ... in `[channels, height, width]` order.
enum ImageColumns {
    /// The columns of `images` (all `height` x `width`), with `channels` channels: a
    /// gray image among colour ones is repeated into red, green and blue, as Pillow's
    /// `convert("RGB")` does. Each of `threads` threads takes a range of positions.
    ///
    /// The bytes are first transposed into one position-major block (image after image,
    /// each scattering its bytes across the range: the range's cache lines stay warm
    /// from one image to the next), then each column is converted from one contiguous
    /// run of bytes. Reading each column straight across the images instead would touch
    /// one cache line per image per column.
    static func build(
        _ images: inout [DecodedImage], channels: Int, height: Int, width: Int,
        threads: Int
    ) -> [Column] {
        let count = channels * height * width
        let plane = height * width
        let rows = images.count
        let transposed = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: count * rows)
        defer { transposed.deallocate() }
        let parts = max(1, min(threads, count))
        let ranges = (0..<parts).map { part in (count * part / parts)..<(count * (part + 1) / parts) }
        let decoded = images
        let shared = SharedBytes(transposed: transposed)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for (row, image) in decoded.enumerated() {
                image.pixels.withUnsafeBufferPointer { pixels in
                    if pixels.count == count {
                        for position in ranges[part] { shared.transposed[position * rows + row] = pixels[position] }
                    } else {
                        // A gray image: its one plane serves every channel.
                        for position in ranges[part] {
                            shared.transposed[position * rows + row] = pixels[position % plane]
                        }
                    }
                }
            }
        }
        // The decoded images are no longer needed: their memory goes back to the
        // allocator before the larger Float columns ask for theirs.
        images = []
        _ = consume decoded
        var columns = [Column?](repeating: nil, count: count)
        columns.withUnsafeMutableBufferPointer { output in
            let shared = SharedColumns(transposed: UnsafeBufferPointer(transposed), output: output)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for position in ranges[part] {
                    let start = position * rows
                    let values = [Float](unsafeUninitializedCapacity: rows) { buffer, initialised in
                        for row in 0..<rows { buffer[row] = Float(shared.transposed[start + row]) }
                        initialised = rows
                    }
                    shared.output[position] = Column(name: "pixel\(position)", values: .numeric(values))
                }
            }
        }
        return columns.map { $0! }
    }
}

/// The transposed bytes, each position written by the one thread whose range holds it.
private struct SharedBytes: @unchecked Sendable {
    let transposed: UnsafeMutableBufferPointer<UInt8>
}

/// The transposed bytes, read by every thread, and the column slots, each written by the
/// one thread whose range holds it.
private struct SharedColumns: @unchecked Sendable {
    let transposed: UnsafeBufferPointer<UInt8>
    let output: UnsafeMutableBufferPointer<Column?>
}
