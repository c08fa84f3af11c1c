import Digest

extension Dataset {
    /// The dataset's content id: SHA-256 (lowercase hex) of its canonical bytes, as
    /// specified in Docs/DatasetFormat.md. It covers the schema (column names, kinds,
    /// categories, target, sample shape, row count) and every value, so any change to
    /// a value, a name or the row order gives a new id, and the same data gives the
    /// same id on any machine. The dataset's display name and lineage are not part of it.
    /// Computed on each call (about 60 ms per 100 MB of values).
    public var contentID: String {
        var hasher = SHA256Hasher()
        writeCanonicalBytes { hasher.update($0) }
        return hasher.finalizeHex()
    }

    /// The version tag at the start of the canonical bytes.
    static let canonicalFormatTag = "strata.dataset.v1"

    /// Produces the canonical bytes in pieces, in order (the header, then each
    /// column's values, then the target's), without building them all at once.
    func writeCanonicalBytes(_ sink: (UnsafeRawBufferPointer) -> Void) {
        var header = CanonicalWriter()
        header.string(Self.canonicalFormatTag)
        header.u64(UInt64(rowCount))
        if let sampleShape {
            header.u8(1)
            header.u32(UInt32(sampleShape.count))
            for dimension in sampleShape { header.u64(UInt64(dimension)) }
        } else {
            header.u8(0)
        }
        header.u32(UInt32(columns.count))
        for column in columns {
            header.string(column.name)
            switch column.values {
            case .numeric:
                header.u8(0)
            case .categorical(_, let categories):
                header.u8(1)
                header.strings(categories)
            case .text:
                header.u8(2)
            case .sparse:
                header.u8(3)
            }
        }
        switch target {
        case nil:
            header.u8(0)
        case .classification(let name, _, let classes)?:
            header.u8(1)
            header.string(name)
            header.strings(classes)
        case .regression(let name, _)?:
            header.u8(2)
            header.string(name)
        }
        header.bytes.withUnsafeBytes(sink)

        for column in columns {
            switch column.values {
            case .numeric(let values): Self.writeFloats(values[...], sink)
            case .categorical(let codes, _): Self.writeInt32s(codes[...], sink)
            case .text(let strings): Self.writeStrings(strings, sink)
            case .sparse(let sparse):
                // The stored cells only: a bag of words of 20,000 columns is otherwise
                // hundreds of megabytes of zeros to hash.
                var count = CanonicalWriter()
                count.u64(UInt64(sparse.rows.count))
                count.bytes.withUnsafeBytes(sink)
                Self.writeInt32s(sparse.rows, sink)
                Self.writeFloats(sparse.values, sink)
            }
        }
        switch target {
        case nil: break
        case .classification(_, let labels, _)?: Self.writeInt32s(labels[...], sink)
        case .regression(_, let values)?: Self.writeFloats(values[...], sink)
        }
    }

    /// Float32 little-endian, every NaN written as the quiet NaN 0x7FC00000.
    private static func writeFloats(_ values: ArraySlice<Float>, _ sink: (UnsafeRawBufferPointer) -> Void) {
        let blockSize = 1 << 14
        var block = [UInt32](repeating: 0, count: min(blockSize, values.count))
        values.withUnsafeBufferPointer { values in
            var start = 0
            while start < values.count {
                let count = min(blockSize, values.count - start)
                block.withUnsafeMutableBufferPointer { block in
                    for index in 0..<count {
                        let value = values[start + index]
                        block[index] = (value.isNaN ? 0x7FC0_0000 : value.bitPattern).littleEndian
                    }
                }
                block.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[0..<(count * 4)])) }
                start += count
            }
        }
    }

    /// Each string as its UTF-8 length (UInt32 little-endian) and bytes, in blocks.
    private static func writeStrings(_ values: [String], _ sink: (UnsafeRawBufferPointer) -> Void) {
        var block = CanonicalWriter()
        for value in values {
            block.string(value)
            if block.bytes.count >= 1 << 16 {
                block.bytes.withUnsafeBytes(sink)
                block.bytes.removeAll(keepingCapacity: true)
            }
        }
        block.bytes.withUnsafeBytes(sink)
    }

    /// Int32 little-endian.
    private static func writeInt32s(_ values: ArraySlice<Int32>, _ sink: (UnsafeRawBufferPointer) -> Void) {
        #if _endian(little)
        values.withUnsafeBytes(sink)
        #else
        values.map(\.littleEndian).withUnsafeBytes(sink)
        #endif
    }
}

/// Little-endian integers and length-prefixed UTF-8 strings, for the header.
private struct CanonicalWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        u32(UInt32(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    mutating func strings(_ values: [String]) {
        u32(UInt32(values.count))
        for value in values { string(value) }
    }
}
