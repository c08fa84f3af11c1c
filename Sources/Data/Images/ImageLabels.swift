import Digest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `load_images` finds each image's class.
public enum ImageLabels: Sendable, Equatable {
    /// The image's first sub-folder under the loaded folder names its class
    /// (`pets/cat/1.png` is a "cat"), as torchvision's `ImageFolder` reads a folder.
    case folders
    /// A CSV file of `file,label` rows (an optional `file,label` header first), each
    /// file relative to the loaded folder.
    case file(String)
    /// No labels: a dataset without a target.
    case none
}

/// An image to load and its class, in the order the dataset's rows take.
struct LabelledImage: Equatable {
    /// Relative to the loaded folder, `/`-separated.
    var relative: String
    var label: String?
}

/// The images `load_images` will read, each with its label: what the folder holds,
/// matched against the labels' source.
struct ImageLabelPlan {
    var images: [LabelledImage]
    /// Whether the dataset has a target (false for `labels: nil`, or for folders
    /// mode over a folder without sub-folders).
    var labelled: Bool
    /// The labels file, when one was read, for the lineage.
    var labelSource: Lineage.SourceFile?

    /// Classes from sub-folders, rows ordered by class and then path (as `ImageFolder`
    /// orders them). A folder whose images are all directly inside it has no labels.
    /// - Throws: `looseImages` when some images are in sub-folders and some are not.
    static func folders(_ scan: ImageFolderScan) throws(DataError) -> ImageLabelPlan {
        let loose = scan.files.filter { $0.folder == nil }
        if loose.count == scan.files.count { return unlabelled(scan) }
        guard loose.isEmpty else {
            throw .looseImages(folder: scan.root, files: loose.map { scan.root + "/" + $0.relative })
        }
        let images = scan.files.map { LabelledImage(relative: $0.relative, label: $0.folder) }
        return ImageLabelPlan(
            images: images.sorted { a, b in
                if a.label != b.label { return a.label!.utf8.lexicographicallyPrecedes(b.label!.utf8) }
                return a.relative.utf8.lexicographicallyPrecedes(b.relative.utf8)
            }, labelled: true)
    }

    /// Every image under the folder, sorted by path, without labels.
    static func unlabelled(_ scan: ImageFolderScan) -> ImageLabelPlan {
        ImageLabelPlan(images: scan.files.map { LabelledImage(relative: $0.relative, label: nil) }, labelled: false)
    }

    /// The rows of the labels CSV at `path`, in its order. Each listed file must exist;
    /// every PNG or JPEG under the folder must be listed (other files are read only if
    /// listed).
    /// - Throws: `unreadableFile` for the CSV, `badLabelFile` for a row that is not
    ///   `file,label` (or a file listed twice), `missingLabelledFile`, `unlabelledImage`.
    static func file(_ path: String, scan: ImageFolderScan) throws(DataError) -> ImageLabelPlan {
        let (bytes, source) = try readWhole(path)
        let (images, lineOf) = try rows(of: bytes, path: path)
        try check(images, lineOf: lineOf, against: scan, labels: path)
        return ImageLabelPlan(images: images, labelled: true, labelSource: source)
    }

    /// The `file,label` rows of the labels file, and the line of each file.
    private static func rows(of bytes: [UInt8], path: String) throws(DataError)
        -> (images: [LabelledImage], lineOf: [String: Int])
    {
        var images: [LabelledImage] = []
        var lineOf: [String: Int] = [:]
        var firstRow = true
        for (index, line) in lines(of: bytes).enumerated() {
            let number = index + 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            let fields: [String]
            do throws(CSVText.Problem) {
                fields = try CSVText.records(line).first ?? []
            } catch {
                throw .badLabelFile(path: path, line: number, reason: error.reason)
            }
            guard fields.count == 2 else {
                throw .badLabelFile(
                    path: path, line: number,
                    reason: "expected 2 fields (file,label), found \(fields.count)")
            }
            let file = normalised(fields[0].trimmed), label = fields[1].trimmed
            defer { firstRow = false }
            if firstRow, file.lowercased() == "file", label.lowercased() == "label" { continue }
            guard !file.isEmpty else { throw .badLabelFile(path: path, line: number, reason: "the file name is empty") }
            guard !label.isEmpty else {
                throw .badLabelFile(path: path, line: number, reason: "the label of '\(file)' is empty")
            }
            if let first = lineOf[file] {
                throw .badLabelFile(
                    path: path, line: number,
                    reason: "'\(file)' is listed again (first on line \(first))")
            }
            lineOf[file] = number
            images.append(LabelledImage(relative: file, label: label))
        }
        guard !images.isEmpty else { throw .badLabelFile(path: path, line: 1, reason: "the file lists no images") }
        return (images, lineOf)
    }

    /// Every listed file exists, and every PNG or JPEG in the folder is listed.
    private static func check(
        _ images: [LabelledImage], lineOf: [String: Int], against scan: ImageFolderScan,
        labels path: String
    ) throws(DataError) {
        let found = Set(scan.files.map(\.relative))
        for image in images where !found.contains(image.relative) {
            // Listed but not found by the scan: a hidden file or an unusual extension
            // is read all the same; a missing one is an error.
            var info = stat()
            let full = scan.root + "/" + image.relative
            if stat(full, &info) != 0 || (info.st_mode & S_IFMT) == S_IFDIR {
                throw .missingLabelledFile(labels: path, line: lineOf[image.relative] ?? 0, path: full)
            }
        }
        let unlisted = scan.files.filter { lineOf[$0.relative] == nil && isReadableName($0.relative) }
        if let first = unlisted.first {
            throw .unlabelledImage(path: scan.root + "/" + first.relative, labels: path, more: unlisted.count - 1)
        }
    }

    private static func isReadableName(_ relative: String) -> Bool {
        guard let dot = relative.lastIndex(of: ".") else { return false }
        return ImageFolderScan.readable.contains(relative[relative.index(after: dot)...].lowercased())
    }

    /// `./cats//1.png` -> `cats/1.png`: the form the folder scan gives.
    private static func normalised(_ file: String) -> String {
        file.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.joined(separator: "/")
    }

    /// The file's bytes (without a UTF-8 byte-order mark) and its lineage entry.
    private static func readWhole(_ path: String) throws(DataError) -> ([UInt8], Lineage.SourceFile) {
        let reader = WholeFileReader()
        var bytes = Array(try reader.read(path))
        let source = Lineage.SourceFile(
            path: path, sha256: bytes.withUnsafeBytes { SHA256Hasher.hash($0) },
            size: bytes.count)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return (bytes, source)
    }

    /// The file's lines, without their `\n` or `\r\n`.
    private static func lines(of bytes: [UInt8]) -> [[UInt8]] {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? Array(line.dropLast()) : Array(line)
        }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmed: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !blank($0) }), let end = lastIndex(where: { !blank($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
