import CImageCodecs
import CZlib
import Foundation
import Testing

@testable import Data

/// PNG and JPEG fixtures, encoded at test time with the same libpng and libjpeg-turbo.
enum ImageFixture {
    /// Interleaved pixels (`channels` per pixel, rows top to bottom) as a PNG.
    static func png(_ pixels: [UInt8], width: Int, height: Int, channels: Int) -> [UInt8] {
        encoded { out, count in
            strata_image_encode_png(pixels, Int32(width), Int32(height), Int32(channels), out, count)
        }
    }

    static func jpeg(_ pixels: [UInt8], width: Int, height: Int, channels: Int, quality: Int = 95) -> [UInt8] {
        encoded { out, count in
            strata_image_encode_jpeg(pixels, Int32(width), Int32(height), Int32(channels), Int32(quality), out, count)
        }
    }

    private static func encoded(
        _ encode: (
            UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>,
            UnsafeMutablePointer<Int>
        ) -> Int32
    ) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        var count = 0
        guard encode(&out, &count) == 1, let out else { fatalError("the fixture did not encode") }
        defer { strata_image_free_bytes(out) }
        return Array(UnsafeBufferPointer(start: out, count: count))
    }

    /// A PNG written chunk by chunk (no filtering), for what the encoder above does not
    /// write: 16-bit samples and extra chunks such as gAMA.
    static func rawPNG(
        width: Int, height: Int, bitDepth: UInt8, colorType: UInt8, rows: [[UInt8]],
        extra: [(String, [UInt8])] = []
    ) -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            let crc = body.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
            return bigEndian(UInt32(data.count)) + body + bigEndian(crc)
        }
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [bitDepth, colorType, 0, 0, 0]
        var raw: [UInt8] = []
        for row in rows { raw += [0] + row }  // filter type 0, then the samples
        var compressed = [UInt8](repeating: 0, count: Int(compressBound(UInt(raw.count))))
        var length = UInt(compressed.count)
        _ = compress(&compressed, &length, raw, UInt(raw.count))
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header)
        for (type, data) in extra { file += chunk(type, data) }
        return file + chunk("IDAT", Array(compressed.prefix(Int(length)))) + chunk("IEND", [])
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// A recognisable RGB image: every sample differs with the image's seed, its
    /// position and channel.
    static func rgb(seed: Int, width: Int, height: Int) -> [UInt8] {
        (0..<(width * height * 3)).map { UInt8((seed * 37 + $0 * 11 + ($0 % 3) * 50) % 256) }
    }

    static func gray(seed: Int, width: Int, height: Int) -> [UInt8] {
        (0..<(width * height)).map { UInt8((seed * 53 + $0 * 7) % 256) }
    }

    /// Interleaved samples to the planar `[channels, height, width]` order the dataset uses.
    static func planar(_ pixels: [UInt8], channels: Int) -> [Float] {
        let count = pixels.count / channels
        return (0..<channels).flatMap { channel in (0..<count).map { Float(pixels[$0 * channels + channel]) } }
    }
}

extension TestFiles {
    /// Writes `bytes` to `name` (sub-folders created), returning its path.
    func put(_ name: String, _ bytes: [UInt8]) -> String {
        let url = folder.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: url.path, contents: Foundation.Data(bytes))
        return url.path
    }
}

extension Dataset {
    /// Row `row`'s samples, `pixel0` first.
    func imageRow(_ row: Int) -> [Float] {
        columns.map { column in
            guard case .numeric(let values) = column.values else { return .nan }
            return values[row]
        }
    }
}

@Suite("ImageLoader")
struct ImageLoaderTests {
    static let (width, height) = (5, 4)

    /// pets/cat/{a,b}.png, pets/dog/c.png, pets/bird/d.png (RGB), a note and a hidden file.
    static func pets(_ files: TestFiles) -> [String: [UInt8]] {
        var pixels: [String: [UInt8]] = [:]
        for (seed, name) in ["cat/a.png", "cat/b.png", "dog/c.png", "bird/d.png"].enumerated() {
            pixels[name] = ImageFixture.rgb(seed: seed, width: width, height: height)
            _ = files.put("pets/" + name, ImageFixture.png(pixels[name]!, width: width, height: height, channels: 3))
        }
        _ = files.put("pets/README.txt", Array("not an image".utf8))
        _ = files.put("pets/cat/.hidden.png", [1, 2, 3])
        _ = files.put("pets/.cache/x.png", [1, 2, 3])
        return pixels
    }

    @Test func labelsFromFolders() throws {
        let files = TestFiles()
        let pixels = Self.pets(files)
        let result = try ImageLoader.load(folder: files.path("pets"))
        let ds = result.dataset
        #expect(ds.name == "pets")
        #expect(ds.rowCount == 4)
        #expect(ds.sampleShape == [3, Self.height, Self.width])
        #expect(ds.columns.count == 3 * Self.height * Self.width)
        #expect(ds.columns.first?.name == "pixel0" && ds.columns.last?.name == "pixel59")
        // Classes sorted; rows by class, then path.
        #expect(ds.target == .classification(name: "label", labels: [0, 1, 1, 2], classes: ["bird", "cat", "dog"]))
        let order = ["bird/d.png", "cat/a.png", "cat/b.png", "dog/c.png"]
        for (row, name) in order.enumerated() {
            #expect(ds.imageRow(row) == ImageFixture.planar(pixels[name]!, channels: 3), "\(name)")
        }
        #expect(result.skipped.isEmpty)
        #expect(ds.lineage.operation == "load_images")
        #expect(ds.lineage.parameters["labels"] == "folders")
        #expect(ds.lineage.sources.map(\.path) == order.map { files.path("pets/" + $0) })
        for source in ds.lineage.sources {
            let (sha256, size) = try sha256Hex(ofFile: source.path)
            #expect(source.sha256 == sha256 && source.size == size)
        }
    }

    @Test func labelsFromCSV() throws {
        let files = TestFiles()
        let a = ImageFixture.gray(seed: 1, width: 3, height: 2), b = ImageFixture.gray(seed: 2, width: 3, height: 2)
        _ = files.put("img/x/a.png", ImageFixture.png(a, width: 3, height: 2, channels: 1))
        _ = files.put("img/b.png", ImageFixture.png(b, width: 3, height: 2, channels: 1))
        let csv = files.put(
            "labels.csv", Array("\u{FEFF}file,label\r\nb.png,zebra\r\n\r\n./x/a.png,\"ant, red\"\r\n".utf8))
        let ds = try ImageLoader.load(folder: files.path("img"), options: .init(labels: .file(csv))).dataset
        // Rows in the file's order, classes sorted.
        #expect(ds.target == .classification(name: "label", labels: [1, 0], classes: ["ant, red", "zebra"]))
        #expect(ds.sampleShape == [1, 2, 3])
        #expect(ds.imageRow(0) == b.map(Float.init) && ds.imageRow(1) == a.map(Float.init))
        // The labels file is a source too, first.
        #expect(ds.lineage.sources.map(\.path) == [csv, files.path("img/b.png"), files.path("img/x/a.png")])
        #expect(ds.lineage.parameters["labels"] == csv)

        // Without a header.
        let plain = files.put("plain.csv", Array("x/a.png,ant\nb.png,bee\n".utf8))
        let again = try ImageLoader.load(folder: files.path("img"), options: .init(labels: .file(plain))).dataset
        #expect(again.target == .classification(name: "label", labels: [0, 1], classes: ["ant", "bee"]))
    }

    @Test(arguments: [
        (
            "file,label\nb.png,zebra\nx/a.png,ant\nmissing.png,cat\n", "line 4 of the labels file",
            "missing.png', which does not exist"
        ),
        ("b.png,zebra\n", "x/a.png' is not listed in the labels file", "list every image"),
        ("b.png,zebra,extra\nx/a.png,ant\n", "line 1 of the labels file", "expected 2 fields (file,label), found 3"),
        ("b.png,zebra\nx/a.png,\n", "line 2 of the labels file", "the label of 'x/a.png' is empty"),
        ("b.png,zebra\nx/a.png,ant\nb.png,bee\n", "line 3", "'b.png' is listed again (first on line 1)"),
        ("file,label\n", "line 1", "the file lists no images"),
    ])
    func labelFileErrors(text: String, first: String, second: String) throws {
        let files = TestFiles()
        _ = files.put("img/x/a.png", ImageFixture.png([1, 2, 3, 4], width: 2, height: 2, channels: 1))
        _ = files.put("img/b.png", ImageFixture.png([5, 6, 7, 8], width: 2, height: 2, channels: 1))
        if text == "file,label\n" {
            // A CSV listing nothing, over a folder without images.
            try FileManager.default.removeItem(atPath: files.path("img/x/a.png"))
            try FileManager.default.removeItem(atPath: files.path("img/b.png"))
        }
        let csv = files.put("labels.csv", Array(text.utf8))
        let error = try #require(
            dataError { () throws(DataError) in
                try ImageLoader.load(folder: files.path("img"), options: .init(labels: .file(csv)))
            })
        #expect(error.description.contains(first) && error.description.contains(second), "\(error.description)")
    }

    @Test func classOrder() {
        // Numbers by value (names kept as written), anything else by bytes.
        #expect(
            ImageLoader.target(["10", "2", "007", "2", "1.5"])
                == .classification(name: "label", labels: [3, 1, 2, 1, 0], classes: ["1.5", "2", "007", "10"]))
        #expect(
            ImageLoader.target(["b", "B", "a", "10", "2"])
                == .classification(name: "label", labels: [4, 2, 3, 0, 1], classes: ["10", "2", "B", "a", "b"]))
    }

    @Test func withoutLabels() throws {
        let files = TestFiles()
        _ = Self.pets(files)
        let ds = try ImageLoader.load(folder: files.path("pets"), options: .init(labels: .none)).dataset
        #expect(ds.target == nil)
        #expect(ds.rowCount == 4)
        // Sorted by path.
        #expect(
            ds.lineage.sources.map(\.path)
                == ["bird/d.png", "cat/a.png", "cat/b.png", "dog/c.png"]
                .map { files.path("pets/" + $0) })
        #expect(ds.lineage.parameters["labels"] == "nil")
    }

    @Test func looseImagesBesideClassFolders() throws {
        let files = TestFiles()
        _ = Self.pets(files)
        let loose = files.put("pets/stray.png", ImageFixture.png([0, 0, 0], width: 1, height: 1, channels: 3))
        let error = try #require(dataError { () throws(DataError) in try ImageLoader.load(folder: files.path("pets")) })
        #expect(error == .looseImages(folder: files.path("pets"), files: [loose]))
        #expect(error.description.contains("1 image is directly in it: '\(loose)'"))

        // Only loose images: no classes, no error.
        let flat = TestFiles()
        _ = flat.put("flat/1.png", ImageFixture.png([9], width: 1, height: 1, channels: 1))
        _ = flat.put("flat/2.png", ImageFixture.png([7], width: 1, height: 1, channels: 1))
        let ds = try ImageLoader.load(folder: flat.path("flat")).dataset
        #expect(ds.target == nil && ds.rowCount == 2 && ds.imageRow(0) == [9] && ds.imageRow(1) == [7])
    }

    @Test func grayAndColour() throws {
        let files = TestFiles()
        let gray = ImageFixture.gray(seed: 3, width: 2, height: 2)
        let rgb = ImageFixture.rgb(seed: 4, width: 2, height: 2)
        let rgba = [10, 20, 30, 0, 40, 50, 60, 128, 70, 80, 90, 255, 1, 2, 3, 4].map(UInt8.init)
        _ = files.put("all/a/gray.png", ImageFixture.png(gray, width: 2, height: 2, channels: 1))
        _ = files.put("all/b/rgb.png", ImageFixture.png(rgb, width: 2, height: 2, channels: 3))
        _ = files.put("all/c/rgba.png", ImageFixture.png(rgba, width: 2, height: 2, channels: 4))
        let ds = try ImageLoader.load(folder: files.path("all")).dataset
        #expect(ds.sampleShape == [3, 2, 2])
        // A gray image among colour ones: the same plane three times.
        #expect(ds.imageRow(0) == (0..<3).flatMap { _ in gray.map(Float.init) })
        #expect(ds.imageRow(1) == ImageFixture.planar(rgb, channels: 3))
        // Alpha dropped, not composited: the transparent first pixel keeps its colour.
        #expect(ds.imageRow(2) == [10, 40, 70, 1, 20, 50, 80, 2, 30, 60, 90, 3])

        // Only gray files: one channel.
        let grays = try ImageLoader.load(folder: files.path("all/a")).dataset
        #expect(grays.sampleShape == [1, 2, 2] && grays.imageRow(0) == gray.map(Float.init))

        // grayscale: luma with BT.601 weights, rounded as Pillow's convert("L").
        let luma = try ImageLoader.load(folder: files.path("all"), options: .init(grayscale: true)).dataset
        #expect(luma.sampleShape == [1, 2, 2])
        let expected: [Float] = (0..<4).map { pixel in
            let (r, g, b) = (UInt32(rgb[pixel * 3]), UInt32(rgb[pixel * 3 + 1]), UInt32(rgb[pixel * 3 + 2]))
            return Float((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16)
        }
        #expect(luma.imageRow(1) == expected)
        #expect(luma.imageRow(0) == gray.map(Float.init))
        #expect(luma.lineage.parameters["grayscale"] == "true")
    }

    /// Samples as stored, as Pillow reads them: 16-bit ones by their high byte, and no
    /// gamma correction for a gAMA chunk (libpng's simplified API would apply both).
    @Test func samplesAsStored() throws {
        let files = TestFiles()
        let deep: [UInt16] = [0, 1800, 40_000, 65_535, 257, 33_000]
        let deepRows = [Array(deep[0..<3]), Array(deep[3..<6])].map { row in
            row.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        }
        _ = files.put(
            "deep/a.png", ImageFixture.rawPNG(width: 3, height: 2, bitDepth: 16, colorType: 0, rows: deepRows))
        _ = files.put(
            "gamma/a.png",
            ImageFixture.rawPNG(
                width: 2, height: 1, bitDepth: 8, colorType: 2,
                rows: [[10, 20, 30, 200, 100, 50]],
                extra: [("gAMA", [0, 1, 0x86, 0xA0])]))  // gamma 1.0
        let gray = try ImageLoader.load(folder: files.path("deep")).dataset
        #expect(gray.sampleShape == [1, 2, 3])
        #expect(gray.imageRow(0) == deep.map { Float($0 >> 8) })
        let colour = try ImageLoader.load(folder: files.path("gamma")).dataset
        #expect(colour.imageRow(0) == [10, 200, 20, 100, 30, 50])
    }

    @Test func jpeg() throws {
        let files = TestFiles()
        // A smooth image, which JPEG keeps close at high quality.
        let (width, height) = (16, 16)
        let rgb = (0..<(width * height)).flatMap { index -> [UInt8] in
            let (x, y) = (index % width, index / width)
            return [UInt8(x * 15), UInt8(y * 15), UInt8(128)]
        }
        _ = files.put("j/c/1.jpg", ImageFixture.jpeg(rgb, width: width, height: height, channels: 3))
        _ = files.put(
            "j/c/2.JPEG",
            ImageFixture.jpeg(
                rgb.enumerated().filter { $0.offset % 3 == 0 }.map(\.element),
                width: width, height: height, channels: 1))
        let ds = try ImageLoader.load(folder: files.path("j")).dataset
        #expect(ds.sampleShape == [3, height, width])
        let decoded = ds.imageRow(0), original = ImageFixture.planar(rgb, channels: 3)
        let worst = zip(decoded, original).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 8, "largest difference \(worst)")
        // The gray JPEG is repeated into three channels.
        let gray = ds.imageRow(1)
        #expect(Array(gray[0..<256]) == Array(gray[256..<512]))
    }

    @Test func resize() throws {
        let files = TestFiles()
        // A constant image stays constant whatever the size.
        _ = files.put(
            "r/a/flat.png",
            ImageFixture.png(
                [UInt8](repeating: 77, count: 6 * 8 * 3), width: 8, height: 6,
                channels: 3))
        // A 2x2 gray image enlarged to 4x4 and a 4x4 one shrunk to it.
        _ = files.put("r/b/up.png", ImageFixture.png([0, 100, 200, 40], width: 2, height: 2, channels: 1))
        _ = files.put(
            "r/c/down.png", ImageFixture.png((0..<16).map { UInt8($0 * 10) }, width: 4, height: 4, channels: 1))
        let ds = try ImageLoader.load(folder: files.path("r"), options: .init(size: ImageSize(height: 4, width: 4)))
            .dataset
        #expect(ds.sampleShape == [3, 4, 4])
        #expect(ds.imageRow(0) == [Float](repeating: 77, count: 48))
        // Enlarging by 2: output centres at 0.25 and 0.75 of the way between input
        // centres, clamped at the edges (first row: 0, 25, 75, 100).
        let up = Array(ds.imageRow(1)[0..<16])
        #expect(Array(up[0..<4]) == [0, 25, 75, 100])
        #expect(Array(up[12..<16]) == [200, 160, 80, 40])
        // The shrunk image stays as it was: 4x4 is its size.
        #expect(Array(ds.imageRow(2)[0..<16]) == (0..<16).map { Float($0 * 10) })
        #expect(ds.lineage.parameters["size"] == "4,4")

        // Shrinking a linear ramp averages symmetric neighbours: the values stay on the ramp
        // except at the clamped edges.
        let ramp = ImageResize.resize(
            DecodedImage(height: 1, width: 8, channels: 1, pixels: (0..<8).map { UInt8($0 * 20) }),
            to: ImageSize(height: 1, width: 4))
        #expect(ramp.pixels.count == 4)
        #expect(ramp.pixels[1] == 50 && ramp.pixels[2] == 90)
    }

    @Test func sizeMismatch() throws {
        let files = TestFiles()
        _ = files.put("s/a/1.png", ImageFixture.png([UInt8](repeating: 1, count: 12), width: 4, height: 3, channels: 1))
        _ = files.put("s/a/2.png", ImageFixture.png([UInt8](repeating: 1, count: 12), width: 3, height: 4, channels: 1))
        let error = try #require(dataError { () throws(DataError) in try ImageLoader.load(folder: files.path("s")) })
        #expect(
            error
                == .imageSizeMismatch(
                    path: files.path("s/a/2.png"), height: 4, width: 3,
                    first: files.path("s/a/1.png"), firstHeight: 3, firstWidth: 4))
        #expect(error.description.contains("is 4x3 (height x width) but the first image"))
        #expect(error.description.contains("pass size: [3, 4] to resize every image"))
    }

    /// A folder with good images and, after them in row order, bad files of every kind.
    static func damaged(_ files: TestFiles) -> [String] {
        let good = ImageFixture.png([UInt8](repeating: 5, count: 4), width: 2, height: 2, channels: 1)
        _ = files.put("d/a/1.png", good)
        _ = files.put("d/a/2.png", good)
        let jpeg = ImageFixture.jpeg([UInt8](repeating: 9, count: 64 * 3), width: 8, height: 8, channels: 3)
        _ = files.put("d/b/corrupt.png", Array(good.prefix(40)) + [UInt8](repeating: 0xAB, count: 30) + good.suffix(12))
        _ = files.put("d/b/empty.png", [])
        _ = files.put("d/b/notes.png", Array("just text".utf8))
        _ = files.put("d/b/old.gif", Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 20))
        _ = files.put("d/b/truncated.jpg", Array(jpeg.prefix(jpeg.count / 2)))
        _ = files.put("d/b/truncated.png", Array(good.prefix(good.count - 20)))
        _ = files.put("d/b/list.csv", Array("a,b\n".utf8))  // not an image: ignored
        return ["b/corrupt.png", "b/empty.png", "b/notes.png", "b/old.gif", "b/truncated.jpg", "b/truncated.png"]
    }

    @Test(arguments: [1, 2, 3])
    func badFileIsAnError(threads: Int) throws {
        let files = TestFiles()
        _ = Self.damaged(files)
        var options = ImageLoader.Options()
        options.threads = threads
        let error = try #require(
            dataError { () throws(DataError) in
                try ImageLoader.load(folder: files.path("d"), options: options)
            })
        // The first bad file in row order, whatever thread met it first.
        guard case .badImage(let path, let reason) = error else { Issue.record("\(error)"); return }
        #expect(path == files.path("d/b/corrupt.png"))
        #expect(reason.contains("the PNG does not decode"), "\(reason)")
        #expect(error.description.contains("pass skip_bad: true"))
    }

    @Test func skipBad() throws {
        let files = TestFiles()
        let bad = Self.damaged(files)
        let result = try ImageLoader.load(folder: files.path("d"), options: .init(skipBad: true))
        #expect(result.dataset.rowCount == 2)
        #expect(result.skipped.map(\.path) == bad)
        let reasons = Dictionary(uniqueKeysWithValues: result.skipped.map { ($0.path, $0.reason) })
        #expect(reasons["b/empty.png"] == "the file is empty")
        #expect(reasons["b/old.gif"] == "it is a GIF image; only PNG and JPEG are read")
        #expect(
            reasons["b/notes.png"]?.hasPrefix("it is not a PNG or JPEG file (it starts with bytes 6a 75 73 74)") == true
        )
        #expect(reasons["b/truncated.jpg"]?.contains("the JPEG does not decode") == true)
        #expect(reasons["b/truncated.png"]?.contains("the PNG does not decode") == true)
        // Only the images loaded are sources; the skipped ones are named in the parameters.
        #expect(result.dataset.lineage.sources.map(\.path) == [files.path("d/a/1.png"), files.path("d/a/2.png")])
        #expect(result.dataset.lineage.parameters["skipped"] == "6")
        #expect(result.dataset.lineage.parameters["skipped_files"] == bad.joined(separator: "\n"))
        // The class whose every file was bad is gone.
        #expect(result.dataset.target == .classification(name: "label", labels: [0, 0], classes: ["a"]))
    }

    @Test func nothingToLoad() throws {
        let files = TestFiles()
        _ = files.put("none/readme.txt", Array("x".utf8))
        #expect(
            dataError { () throws(DataError) in try ImageLoader.load(folder: files.path("none")) }
                == .noImages(path: files.path("none"), skipped: 0))
        _ = files.put("bad/x/1.png", [1, 2, 3])
        #expect(
            dataError { () throws(DataError) in
                try ImageLoader.load(folder: files.path("bad"), options: .init(skipBad: true))
            } == .noImages(path: files.path("bad"), skipped: 1))
        #expect(
            dataError { () throws(DataError) in try ImageLoader.load(folder: files.path("none/readme.txt")) }
                == .notAFolder(path: files.path("none/readme.txt")))
        let missing = dataError { () throws(DataError) in try ImageLoader.load(folder: files.path("absent")) }
        #expect(missing == .unreadableFile(path: files.path("absent"), reason: "no such file"))
    }

    @Test func manyImagesOnSeveralThreads() throws {
        let files = TestFiles()
        var expected: [[Float]] = []
        for index in 0..<300 {
            let pixels = ImageFixture.gray(seed: index, width: 7, height: 6)
            let name = String(format: "many/%d/%04d.png", index % 3, index)
            _ = files.put(name, ImageFixture.png(pixels, width: 7, height: 6, channels: 1))
            expected.append(pixels.map(Float.init))
        }
        var one = ImageLoader.Options()
        one.threads = 1
        var four = ImageLoader.Options()
        four.threads = 4
        let a = try ImageLoader.load(folder: files.path("many"), options: one).dataset
        let b = try ImageLoader.load(folder: files.path("many"), options: four).dataset
        #expect(a.columns == b.columns && a.target == b.target && a.lineage == b.lineage)
        // Row order: class 0 (images 0, 3, 6, ...), then 1, then 2.
        let order = (0..<3).flatMap { c in stride(from: c, to: 300, by: 3) }
        for (row, index) in order.enumerated() where row % 37 == 0 { #expect(a.imageRow(row) == expected[index]) }
    }

    @Test func pathsAreStandardised() throws {
        let files = TestFiles()
        _ = Self.pets(files)
        let ds = try ImageLoader.load(folder: files.path("pets") + "/./cat/../", options: .init(labels: .none)).dataset
        #expect(ds.lineage.parameters["path"] == files.path("pets"))
        #expect(ds.lineage.sources.first?.path == files.path("pets/bird/d.png"))
    }
}
