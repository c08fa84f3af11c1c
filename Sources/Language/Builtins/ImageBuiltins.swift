import Data

/// The image side of data collection: `load_images`, a folder of PNG and JPEG files
/// as a dataset of `[channels, height, width]` rows.
enum ImageBuiltins {
    static var all: [Builtin] { [loadImages] }

    /// How many skipped files the note lists by name before counting the rest.
    static let skippedShown = 20

    static var loadImages: Builtin {
        Builtin(
            "load_images",
            parameters: [
                .positional("path"), .labelled("labels", default: .string("folders"), shown: "\"folders\""),
                .labelled("size", default: .nil), .labelled("grayscale", default: .bool(false)),
                .labelled("skip_bad", default: .bool(false)),
            ],
            summary: "Reads a folder of PNG and JPEG images into a dataset of [channels, height, width] rows.",
            details: """
                labels: "folders" (the default) takes each image's class from its sub-folder (pets/cat/1.png is a \
                "cat"; deeper folders belong to their top one), as torchvision's ImageFolder does; images directly in \
                the folder are an error unless no image is in a sub-folder, when the dataset has no target. \
                labels: "path/to/labels.csv" reads file,label rows (a file,label header line is allowed; each file \
                relative to the folder, rows in the file's order): a listed file that is missing, or a PNG or JPEG in \
                the folder that is not listed, is an error naming it. labels: nil loads the images without a target. \
                Classes are sorted by name, or by value when every name is a number (1, 2, ..., 10; ImageFolder \
                would put 10 before 2).
                Each image is one row of numeric columns pixel0, pixel1, ..., channel after channel, each row-major \
                (values 0-255, as conv2d takes them; scale them with minmax or standardize). There is one channel when \
                grayscale: true (colour turned into luma, 0.299 R + 0.587 G + 0.114 B) or when every file is gray, \
                else three (red, green, blue; a gray file is repeated into all three). An alpha channel is dropped, \
                not composited: a transparent pixel keeps its colour, as Pillow's convert("RGB") does.
                All images must be the same size unless size: [height, width] resizes them, with a bilinear \
                (triangle) filter that widens when shrinking, so each output pixel averages the pixels it covers \
                (Pillow's BILINEAR resize, within 1 of 255).
                A file that does not decode (corrupt, truncated, empty, or another format such as GIF or BMP) is an \
                error naming it, unless skip_bad: true: then such files are left out, and a note on stderr counts \
                and lists them; the dataset's lineage records them too (parameters skipped and skipped_files, which \
                datasets() shows for the data a run used). Hidden files and other files (.txt, .csv) are ignored.
                The lineage keeps every image's path, size and SHA-256, so a run trained on the dataset links to the \
                tracked version of the folder (track(path); run.sources). A relative path is read from the \
                notebook's folder, as is the labels file.
                """
        ) { call throws(RuntimeError) in
            let folder = call.resolvedPath(try call.string("path"))
            var options = ImageLoader.Options()
            switch call.argument("labels") {
            case .nil: options.labels = .none
            case .string("folders"): options.labels = .folders
            case .string(let path): options.labels = .file(call.resolvedPath(path))
            default: throw call.mismatch("labels", expected: "\"folders\", the path of a file,label CSV, or nil")
            }
            options.size = try imageSize(call)
            options.grayscale = try call.bool("grayscale")
            options.skipBad = try call.bool("skip_bad")
            let result: ImageLoader.Result
            do throws(DataError) {
                result = try ImageLoader.load(folder: folder, options: options)
            } catch {
                throw blame(error, call: call, options: options)
            }
            if !result.skipped.isEmpty { call.host.write(skippedNote(result, folder: folder), to: .stderr) }
            return .native(DatasetValue(result.dataset))
        }
    }

    /// The error at the argument that caused it: the labels file's problems at `labels`,
    /// a file given as the folder at `path`, the rest (a bad image, sizes that differ)
    /// at the call.
    private static func blame(_ error: DataError, call: BuiltinCall, options: ImageLoader.Options) -> RuntimeError {
        switch error {
        case .badLabelFile, .missingLabelledFile, .unlabelledImage:
            return call.invalid("labels", error.description)
        case .unreadableFile(let path, _):
            if case .file(let labels) = options.labels, ImageLoader.standardised(labels) == path {
                return call.invalid("labels", error.description)
            }
            return call.failure(error)
        case .notAFolder:
            return call.invalid("path", error.description)
        default:
            return call.failure(error)
        }
    }

    /// `size:` as `[height, width]` of whole numbers from 1 up, or nil.
    private static func imageSize(_ call: BuiltinCall) throws(RuntimeError) -> ImageSize? {
        if case .nil = call.argument("size") { return nil }
        guard case .list(let items) = call.argument("size") else {
            throw call.mismatch("size", expected: "[height, width] or nil")
        }
        var sides: [Int] = []
        for item in items {
            guard case .number(let number) = item, number == number.rounded(), number >= 1, number <= 65_535 else {
                break
            }
            sides.append(Int(number))
        }
        guard items.count == 2, sides.count == 2 else {
            throw call.invalid(
                "size",
                "'size' must be [height, width], two whole numbers from 1 to 65535, got "
                    + call.argument("size").plainText())
        }
        return ImageSize(height: sides[0], width: sides[1])
    }

    /// `load_images: skipped 2 of 120 files in '/data/pets' that are not usable images:` and
    /// one line per file (the first `skippedShown`), each with its reason.
    static func skippedNote(_ result: ImageLoader.Result, folder: String) -> String {
        let skipped = result.skipped
        let total = skipped.count + result.dataset.rowCount
        var note =
            "load_images: skipped \(skipped.count) of \(total) image files in '\(folder)' "
            + "that could not be used:\n"
        for file in skipped.prefix(skippedShown) { note += "  \(file.path): \(file.reason)\n" }
        if skipped.count > skippedShown {
            note += "  ... and \(skipped.count - skippedShown) more (all in the dataset's lineage, skipped_files)\n"
        }
        return note
    }
}
