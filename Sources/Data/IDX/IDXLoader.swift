/// Loads MNIST-format IDX files: an image file (magic 0x00000803, big-endian
/// dimensions `[count, rows, cols]`, then unsigned bytes) and a label file (magic
/// 0x00000801, `[count]`, then one byte per label), each raw or gzip-compressed.
public enum IDXLoader {
    static let imagesMagic: UInt32 = 0x0000_0803
    static let labelsMagic: UInt32 = 0x0000_0801

    /// Loads the images as numeric columns `pixel0`, `pixel1`, ... (row-major, values
    /// as stored, 0...255) with `sampleShape` `[1, rows, cols]`, and the labels as a
    /// classification target `label` whose classes are the label values present,
    /// sorted numerically and named by their digits ("0" ... "9").
    /// - Throws: `DataError` for an unreadable file, a wrong magic number, corrupt
    ///   gzip, a body shorter than the header says, or image and label counts that differ.
    public static func load(images: String, labels: String) throws(DataError) -> Dataset {
        let imageStream = try IDXByteStream(path: images)
        let imageHeader = try header(imageStream, magic: imagesMagic, dimensions: 3)
        let labelStream = try IDXByteStream(path: labels)
        let labelHeader = try header(labelStream, magic: labelsMagic, dimensions: 1)
        let (count, rows, cols) = (imageHeader[0], imageHeader[1], imageHeader[2])
        guard count == labelHeader[0] else {
            throw .countMismatch(images: images, imageCount: count, labels: labels, labelCount: labelHeader[0])
        }
        let pixels = rows * cols
        guard pixels > 0 else { throw .noColumns(path: images) }

        let columns = try readImages(imageStream, count: count, pixels: pixels)
        let labelBytes = try readBody(labelStream, byteCount: count, headerBytes: 8)
        let target = Target.classes(name: "label", numbers: labelBytes.map { Float($0) })

        let imageSource = Lineage.SourceFile(
            path: images, sha256: try imageStream.finishHash(),
            size: imageStream.fileBytes)
        let labelSource = Lineage.SourceFile(
            path: labels, sha256: try labelStream.finishHash(),
            size: labelStream.fileBytes)
        var name = CSVLoader.fileStem(images.hasSuffix(".gz") ? String(images.dropLast(3)) : images)
        if name.isEmpty { name = "images" }
        return Dataset(
            name: name,
            columns: columns.enumerated().map { Column(name: "pixel\($0.offset)", values: .numeric($0.element)) },
            target: target, rowCount: count, sampleShape: [1, rows, cols],
            lineage: Lineage(
                sources: [imageSource, labelSource], operation: "load_idx",
                parameters: ["images": images, "labels": labels]))
    }

    /// Checks the magic number and returns the dimensions.
    private static func header(_ stream: IDXByteStream, magic: UInt32, dimensions: Int) throws(DataError) -> [Int] {
        let size = 4 + 4 * dimensions
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 4)
        defer { bytes.deallocate() }
        let count = try stream.read(into: bytes)
        if count >= 4 {
            let found = bigEndian(bytes, at: 0)
            guard found == magic else { throw .badMagic(path: stream.path, found: found, expected: magic) }
        }
        guard count == size else { throw .truncated(path: stream.path, expectedBytes: size, foundBytes: count) }
        return (0..<dimensions).map { Int(bigEndian(bytes, at: 4 + 4 * $0)) }
    }

    /// Reads `count` images of `pixels` bytes into one Float column per pixel,
    /// a block of images at a time.
    private static func readImages(_ stream: IDXByteStream, count: Int, pixels: Int) throws(DataError) -> [[Float]] {
        var columns = [[Float]](repeating: [], count: pixels)
        for index in columns.indices { columns[index].reserveCapacity(count) }
        let blockImages = max(1, (1 << 20) / pixels)
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockImages * pixels, alignment: 16)
        defer { block.deallocate() }
        var done = 0
        while done < count {
            let images = min(blockImages, count - done)
            let wanted = images * pixels
            let got = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: block[0..<wanted]))
            guard got == wanted else {
                throw .truncated(
                    path: stream.path, expectedBytes: 16 + count * pixels, foundBytes: 16 + done * pixels + got)
            }
            let bytes = UnsafeRawBufferPointer(block).bindMemory(to: UInt8.self)
            for pixel in 0..<pixels {
                columns[pixel].append(contentsOf: (0..<images).lazy.map { Float(bytes[$0 * pixels + pixel]) })
            }
            done += images
        }
        return columns
    }

    private static func readBody(_ stream: IDXByteStream, byteCount: Int, headerBytes: Int) throws(DataError) -> [UInt8]
    {
        let body = UnsafeMutableRawBufferPointer.allocate(byteCount: byteCount, alignment: 16)
        defer { body.deallocate() }
        let got = try stream.read(into: body)
        guard got == byteCount else {
            throw .truncated(path: stream.path, expectedBytes: headerBytes + byteCount, foundBytes: headerBytes + got)
        }
        return Array(body)
    }

    private static func bigEndian(_ bytes: UnsafeMutableRawBufferPointer, at offset: Int) -> UInt32 {
        (UInt32(bytes[offset]) << 24) | (UInt32(bytes[offset + 1]) << 16) | (UInt32(bytes[offset + 2]) << 8)
            | UInt32(bytes[offset + 3])
    }
}
