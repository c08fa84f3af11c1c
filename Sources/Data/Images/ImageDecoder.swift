import CImageCodecs

/// One image as `load_images` keeps it until the columns are built: 8-bit samples,
/// planar (`[channels, height, width]`, channel after channel, rows top to bottom).
struct DecodedImage: Sendable, Equatable {
    var height: Int
    var width: Int
    /// 1 (gray) or 3 (red, green, blue).
    var channels: Int
    var pixels: [UInt8]
}

/// Why a file's bytes are not an image `load_images` can use, in words for the user.
struct ImageDecodeFailure: Error, Sendable, Equatable {
    var reason: String
}

/// PNG and JPEG decoding through libpng and libjpeg-turbo (the `CImageCodecs` shim),
/// the format told by the file's first bytes, not its name.
enum ImageDecoder {
    /// Decodes `bytes` into gray (1 channel) or RGB (3): gray files stay gray and colour
    /// ones become RGB, unless `grayscale` turns colour into luma too. Alpha is dropped.
    /// - Throws: the reason when the bytes are empty, another format, or corrupt or truncated.
    static func decode(_ bytes: UnsafeRawBufferPointer, grayscale: Bool) throws(ImageDecodeFailure) -> DecodedImage {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw ImageDecodeFailure(reason: "the file is empty")
        }
        let format = sniff(bytes)
        if let reason = format.unsupported { throw ImageDecodeFailure(reason: reason) }
        var image = strata_image()
        let decoded = strata_image_decode(
            base.assumingMemoryBound(to: UInt8.self), bytes.count, grayscale ? 1 : 0,
            &image)
        defer { strata_image_release(&image) }
        guard decoded == 1, let pixels = image.pixels else {
            let message = withUnsafeBytes(of: &image.error) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw ImageDecodeFailure(reason: "\(format.name) does not decode: \(message)")
        }
        let count = Int(image.channels) * Int(image.height) * Int(image.width)
        return DecodedImage(
            height: Int(image.height), width: Int(image.width), channels: Int(image.channels),
            pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }

    /// What the first bytes say the file is.
    private struct Format {
        /// "the PNG", "the JPEG": how a decoding failure names it.
        var name: String
        /// For a format load_images does not read, why it is refused.
        var unsupported: String?
    }

    private static func sniff(_ bytes: UnsafeRawBufferPointer) -> Format {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && zip(bytes[offset...], prefix).allSatisfy { $0 == $1 }
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return Format(name: "the PNG") }
        if starts([0xFF, 0xD8, 0xFF]) { return Format(name: "the JPEG") }
        let others: [(prefix: [UInt8], offset: Int, name: String)] = [
            (Array("GIF8".utf8), 0, "a GIF image"),
            (Array("BM".utf8), 0, "a BMP image"),
            (Array("WEBP".utf8), 8, "a WebP image"),
            ([0x49, 0x49, 0x2A, 0x00], 0, "a TIFF image"),
            ([0x4D, 0x4D, 0x00, 0x2A], 0, "a TIFF image"),
            (Array("ftypavif".utf8), 4, "an AVIF image"),
            (Array("ftypheic".utf8), 4, "a HEIC image"),
            ([0x00, 0x00, 0x01, 0x00], 0, "an ICO image"),
            ([0xFF, 0x0A], 0, "a JPEG XL image"),
            ([0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20], 0, "a JPEG 2000 image"),
        ]
        for other in others where starts(other.prefix, at: other.offset) {
            return Format(name: other.name, unsupported: "it is \(other.name); only PNG and JPEG are read")
        }
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "P"), (UInt8(ascii: "1")...UInt8(ascii: "7")).contains(bytes[1]) {
            return Format(
                name: "a PNM image",
                unsupported: "it is a PNM (PBM, PGM or PPM) image; only PNG and JPEG are read")
        }
        return Format(
            name: "the file",
            unsupported: "it is not a PNG or JPEG file (it starts with bytes "
                + bytes.prefix(4).map { hexByte($0) }.joined(separator: " ") + ")")
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
