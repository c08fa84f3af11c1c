import Foundation
import Testing

@testable import Render

/// A PNG file split into chunks, with the checks a decoder makes.
struct PNGFile {
    struct Chunk {
        var type: String
        var data: [UInt8]
        var crcMatches: Bool
    }

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    var chunks: [Chunk] = []

    init?(_ bytes: [UInt8]) {
        guard bytes.count > 8, Array(bytes.prefix(8)) == PNGFile.signature else { return nil }
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = Int(PNGFile.bigEndian(bytes, offset))
            guard offset + 12 + length <= bytes.count else { return nil }
            let typeAndData = Array(bytes[(offset + 4)..<(offset + 8 + length)])
            let stored = PNGFile.bigEndian(bytes, offset + 8 + length)
            chunks.append(
                Chunk(
                    type: String(decoding: typeAndData.prefix(4), as: UTF8.self),
                    data: Array(typeAndData.dropFirst(4)), crcMatches: PNGFile.crc32(typeAndData) == stored))
            offset += 12 + length
        }
        guard offset == bytes.count else { return nil }
    }

    static func bigEndian(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// CRC-32 as PNG (and zlib) define it, bit by bit: slow but obviously right.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }

    var header: (width: UInt32, height: UInt32, bitDepth: UInt8, colorType: UInt8)? {
        guard let first = chunks.first, first.type == "IHDR", first.data.count == 13 else { return nil }
        return (PNGFile.bigEndian(first.data, 0), PNGFile.bigEndian(first.data, 4), first.data[8], first.data[9])
    }

    /// The image data stream, all IDAT chunks joined.
    var imageData: [UInt8] { chunks.filter { $0.type == "IDAT" }.flatMap(\.data) }
}

@Suite("PNG output")
struct PNGTests {
    @Test("CRC-32 known answers")
    func crcKnownAnswers() {
        #expect(PNGFile.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNGFile.crc32(Array("IEND".utf8)) == 0xAE42_6082)
    }

    @Test("each sample is a valid PNG at twice its CSS size", arguments: SampleFigures.all.map(\.name))
    func validPNG(name: String) throws {
        let figure = SampleFigures.all.first { $0.name == name }!.figure
        let bytes = try FigureRenderer.png(figure)
        let png = try #require(PNGFile(bytes))
        let size = FigureRenderer.size(of: figure)
        let header = try #require(png.header)
        #expect(header.width == UInt32(size.width * 2) && header.height == UInt32(size.height * 2))
        #expect(header.bitDepth == 8 && (header.colorType == 6 || header.colorType == 2))
        #expect(png.chunks.allSatisfy { $0.crcMatches })
        #expect(png.chunks.last?.type == "IEND")
        // A zlib stream: deflate method, and the header check the format requires.
        let stream = png.imageData
        #expect(stream.count > 2 && stream[0] & 0x0F == 8 && (UInt16(stream[0]) << 8 | UInt16(stream[1])) % 31 == 0)
    }

    @Test("the bundle has SVG, base64 PNG, text and the PNG's CSS size")
    func bundle() throws {
        let bundle = try FigureRenderer.render(SampleFigures.loss)
        #expect(bundle.data["image/svg+xml"]?.hasPrefix("<?xml") == true)
        let png = try #require(bundle.data["image/png"].flatMap { Data(base64Encoded: $0) })
        #expect(PNGFile([UInt8](png))?.header?.width == 1280)
        #expect(bundle.metadata["image/png"] == ["width": 640, "height": 400])
        #expect(bundle.plainText.hasPrefix("loss — line plot: train (60 points, "))
    }

    @Test("panels sit side by side under one title")
    func panels() throws {
        let bundle = try FigureRenderer.render(panels: [SampleFigures.loss, SampleFigures.histogram], title: "run")
        let png = try #require(
            bundle.data["image/png"].flatMap { Data(base64Encoded: $0) }.flatMap { PNGFile([UInt8]($0)) })
        let header = try #require(png.header)
        #expect(header.width == UInt32(2 * 2 * PlotStyle.panelSize.width))
        #expect(bundle.plainText.split(separator: "\n").count == 3)
    }
}
