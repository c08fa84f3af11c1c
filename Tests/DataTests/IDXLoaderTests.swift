import CZlib
import Testing

@testable import Data

@Suite("IDX loader")
struct IDXLoaderTests {
    /// IDX image bytes: magic 0x803, [count, rows, cols] big-endian, then the pixels.
    static func imageFile(count: Int, rows: Int, cols: Int, pixel: (Int, Int) -> UInt8) -> [UInt8] {
        var bytes = bigEndian(0x0803) + bigEndian(UInt32(count)) + bigEndian(UInt32(rows)) + bigEndian(UInt32(cols))
        for image in 0..<count {
            for index in 0..<(rows * cols) { bytes.append(pixel(image, index)) }
        }
        return bytes
    }

    static func labelFile(_ labels: [UInt8]) -> [UInt8] {
        bigEndian(0x0801) + bigEndian(UInt32(labels.count)) + labels
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// Gzip-compresses `bytes` with zlib (window bits 15 + 16 selects the gzip wrapper).
    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        _ = deflateInit2_(
            &stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        let produced = input.withUnsafeMutableBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                stream.next_in = input.baseAddress
                stream.avail_in = UInt32(input.count)
                stream.next_out = output.baseAddress
                stream.avail_out = UInt32(output.count)
                _ = deflate(&stream, Z_FINISH)
                return output.count - Int(stream.avail_out)
            }
        }
        deflateEnd(&stream)
        return Array(output.prefix(produced))
    }

    let labels: [UInt8] = [3, 0, 7, 3, 10, 0]

    func pixel(_ image: Int, _ index: Int) -> UInt8 { UInt8((image * 31 + index * 7) % 256) }

    @Test(arguments: [false, true])
    func roundTrip(compressed: Bool) throws {
        let files = TestFiles()
        var images = Self.imageFile(count: 6, rows: 3, cols: 4, pixel: pixel)
        var labelBytes = Self.labelFile(labels)
        if compressed { (images, labelBytes) = (Self.gzip(images), Self.gzip(labelBytes)) }
        let suffix = compressed ? ".gz" : ""
        let imagePath = files.write("train-images-idx3-ubyte" + suffix, bytes: images)
        let labelPath = files.write("train-labels-idx1-ubyte" + suffix, bytes: labelBytes)
        let ds = try IDXLoader.load(images: imagePath, labels: labelPath)
        #expect(ds.name == "train-images-idx3-ubyte")
        #expect(ds.rowCount == 6)
        #expect(ds.sampleShape == [1, 3, 4])
        #expect(ds.columns.count == 12)
        #expect(ds.columns.first?.name == "pixel0" && ds.columns.last?.name == "pixel11")
        for index in 0..<12 {
            #expect(ds.numbers("pixel\(index)") == (0..<6).map { Float(pixel($0, index)) })
        }
        // Classes sorted numerically, named by their digits: "10" after "7".
        #expect(
            ds.target == .classification(name: "label", labels: [1, 0, 2, 1, 3, 0], classes: ["0", "3", "7", "10"]))
        #expect(ds.lineage.operation == "load_idx")
        #expect(ds.lineage.sources.map(\.path) == [imagePath, labelPath])
        #expect(ds.lineage.sources[0].size == images.count)
        #expect(ds.lineage.sources[0].sha256 == (try sha256Hex(ofFile: imagePath)).sha256)
    }

    @Test func largerThanOneReadBlock() throws {
        let files = TestFiles()
        let count = 2500  // 2500 x 784 bytes: several 1 MB blocks and zlib buffers
        let images = Self.gzip(Self.imageFile(count: count, rows: 28, cols: 28) { UInt8(($0 + $1) % 251) })
        let labels = Self.gzip(Self.labelFile((0..<count).map { UInt8($0 % 10) }))
        let ds = try IDXLoader.load(
            images: files.write("i.gz", bytes: images), labels: files.write("l.gz", bytes: labels))
        #expect(ds.rowCount == count)
        #expect(ds.columns.count == 784)
        #expect(ds.numbers("pixel783")[count - 1] == Float((count - 1 + 783) % 251))
        guard case .classification(_, _, let classes)? = ds.target else { Issue.record("no classes"); return }
        #expect(classes == (0...9).map(String.init))
    }

    enum Damage: String, CaseIterable, Sendable {
        case imageMagic, labelMagic, countMismatch, truncatedImages, truncatedLabels, truncatedHeader, corruptGzip,
            emptyFile, noPixels
    }

    @Test(arguments: Damage.allCases)
    func errors(_ damage: Damage) throws {
        let files = TestFiles()
        var images = Self.imageFile(count: 6, rows: 3, cols: 4, pixel: pixel)
        var labelBytes = Self.labelFile(labels)
        let expected: String
        switch damage {
        case .imageMagic:
            images[3] = 0x01
            expected =
                "'\(files.path("images"))' is not an IDX file of the expected kind: magic number 0x00000801, expected 0x00000803"
        case .labelMagic:
            labelBytes[2] = 0x08
            labelBytes[3] = 0x03
            expected = "magic number 0x00000803, expected 0x00000801"
        case .countMismatch:
            labelBytes = Self.labelFile(Array(labels.prefix(5)))
            expected = "'\(files.path("images"))' holds 6 images but '\(files.path("labels"))' holds 5 labels"
        case .truncatedImages:
            images.removeLast(5)
            expected = "'\(files.path("images"))' is truncated: expected \(16 + 72) bytes, found \(16 + 67)"
        case .truncatedLabels:
            labelBytes.removeLast()
            expected = "'\(files.path("labels"))' is truncated: expected 14 bytes, found 13"
        case .truncatedHeader:
            images = Array(images.prefix(10))
            expected = "'\(files.path("images"))' is truncated: expected 16 bytes, found 10"
        case .corruptGzip:
            images = Self.gzip(images)
            for index in 12..<images.count - 8 { images[index] ^= 0x5A }
            expected = "'\(files.path("images"))' is not a valid gzip file"
        case .emptyFile:
            labelBytes = []
            expected = "'\(files.path("labels"))' is truncated: expected 8 bytes, found 0"
        case .noPixels:
            images = Self.imageFile(count: 6, rows: 0, cols: 4, pixel: pixel)
            expected = "'\(files.path("images"))' has no columns"
        }
        let imagePath = files.write("images", bytes: images)
        let labelPath = files.write("labels", bytes: labelBytes)
        let error = try #require(
            dataError { () throws(DataError) in try IDXLoader.load(images: imagePath, labels: labelPath) })
        #expect(error.description.contains(expected), "\(error.description)")
    }

    @Test func truncatedGzip() throws {
        let files = TestFiles()
        let images = Self.gzip(Self.imageFile(count: 50, rows: 8, cols: 8) { UInt8(($0 * $1) % 256) })
        let imagePath = files.write("i.gz", bytes: Array(images.prefix(images.count / 2)))
        let labelPath = files.write("l", bytes: Self.labelFile([UInt8](repeating: 1, count: 50)))
        let error = try #require(
            dataError { () throws(DataError) in try IDXLoader.load(images: imagePath, labels: labelPath) })
        #expect(error.description.contains("i.gz"), "\(error.description)")
        #expect(error.description.contains("gzip") || error.description.contains("truncated"), "\(error.description)")
    }

    @Test func missingFile() throws {
        let error = try #require(
            dataError { () throws(DataError) in try IDXLoader.load(images: "/no/such", labels: "/no/such2") })
        #expect(error.description == "cannot read '/no/such': no such file")
    }
}
