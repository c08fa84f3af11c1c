import Digest
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads a folder of PNG and JPEG images into a dataset (`load_images`): one row per
/// image, one numeric column per sample (`pixel0`, `pixel1`, ..., channel after
/// channel, each row-major, values 0...255) with `sampleShape` `[channels, height,
/// width]`, as `IDXLoader` lays out MNIST, ready for `conv2d`.
///
/// Files are read, hashed (SHA-256, for the lineage) and decoded on every core, each
/// file read once: the hash and the decoder take the same bytes.
public enum ImageLoader {
    /// What `load_images` was asked for.
    public struct Options: Sendable, Equatable {
        public var labels: ImageLabels
        /// Every image is resized to this (triangle filter, `ImageResize`); nil keeps
        /// the files' size, which must then be the same for all.
        public var size: ImageSize?
        /// One gray channel whatever the files hold (colour turned into luma).
        public var grayscale: Bool
        /// Skip the files that cannot be read or decoded (listed in the result) rather
        /// than stopping at the first.
        public var skipBad: Bool
        /// Threads that read and decode; nil uses one per core.
        var threads: Int?

        public init(
            labels: ImageLabels = .folders, size: ImageSize? = nil, grayscale: Bool = false,
            skipBad: Bool = false
        ) {
            self.labels = labels
            self.size = size
            self.grayscale = grayscale
            self.skipBad = skipBad
        }
    }

    /// A loaded folder: the dataset, and the files `skipBad` passed over.
    public struct Result: Sendable {
        public var dataset: Dataset
        /// The bad files skipped, in the folder's order; empty without `skipBad`.
        public var skipped: [Skipped]
    }

    /// A file left out, and why.
    public struct Skipped: Sendable, Equatable {
        /// Relative to the loaded folder.
        public var path: String
        public var reason: String
    }

    /// Loads the images under `folder` (and its sub-folders; hidden files and files
    /// that are not images by their extension are ignored).
    /// - Throws: `DataError`: the folder cannot be listed or holds no images; labels
    ///   that do not match the files (`looseImages`, `badLabelFile`,
    ///   `missingLabelledFile`, `unlabelledImage`); without `skipBad`, the first file
    ///   (in row order) that cannot be read or decoded (`unreadableFile`, `badImage`);
    ///   images of different sizes without `size` (`imageSizeMismatch`).
    public static func load(folder: String, options: Options = Options()) throws(DataError) -> Result {
        let root = standardised(folder)
        let plan = try plan(root: root, labels: options.labels)
        // The outcomes are a temporary: once sorted, `loaded.images` holds the only
        // references to the pixels, which ImageColumns frees once it has copied them.
        var loaded = try sort(
            decodeAll(plan.images.map { root + "/" + $0.relative }, options: options),
            plan: plan, options: options, root: root)
        let (height, width) = try commonSize(loaded)
        let channels = loaded.images.contains { $0.channels == 3 } ? 3 : 1
        let rowCount = loaded.images.count
        let columns = ImageColumns.build(
            &loaded.images, channels: channels, height: height, width: width,
            threads: threadCount(options, work: rowCount))
        let lineage = Lineage(
            sources: (plan.labelSource.map { [$0] } ?? []) + loaded.sources,
            operation: "load_images",
            parameters: parameters(root: root, options: options, skipped: loaded.skipped))
        let name = root.split(separator: "/").last.map(String.init) ?? "images"
        let dataset = Dataset(
            name: name, columns: columns, target: plan.labelled ? target(loaded.labels) : nil,
            rowCount: rowCount, sampleShape: [channels, height, width], lineage: lineage)
        return Result(dataset: dataset, skipped: loaded.skipped)
    }

    /// The files to read and their labels.
    private static func plan(root: String, labels: ImageLabels) throws(DataError) -> ImageLabelPlan {
        let scan = try ImageFolderScan(root: root)
        let plan: ImageLabelPlan
        switch labels {
        case .folders: plan = try ImageLabelPlan.folders(scan)
        case .file(let path): plan = try ImageLabelPlan.file(standardised(path), scan: scan)
        case .none: plan = ImageLabelPlan.unlabelled(scan)
        }
        guard !plan.images.isEmpty else { throw .noImages(path: root, skipped: 0) }
        return plan
    }

    /// The images that decoded, with their labels and lineage entries, in row order.
    private struct Loaded {
        var images: [DecodedImage] = []
        var labels: [String?] = []
        var sources: [Lineage.SourceFile] = []
        var skipped: [Skipped] = []
    }

    /// Sorts the outcomes into images and skipped files, or throws the first failure
    /// when bad files are not skipped.
    private static func sort(
        _ outcomes: [Outcome?], plan: ImageLabelPlan, options: Options,
        root: String
    ) throws(DataError) -> Loaded {
        var loaded = Loaded()
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .decoded(let image, let source)?:
                loaded.images.append(image)
                loaded.labels.append(plan.images[index].label)
                loaded.sources.append(source)
            case .failed(let error)?:
                guard options.skipBad else { throw error }
                loaded.skipped.append(Skipped(path: plan.images[index].relative, reason: error.imageReason))
            case nil:
                continue  // never taken: decoding stopped at an earlier failure, thrown above
            }
        }
        guard !loaded.images.isEmpty else { throw .noImages(path: root, skipped: loaded.skipped.count) }
        return loaded
    }

    /// The first image's height and width, which every other must share.
    private static func commonSize(_ loaded: Loaded) throws(DataError) -> (height: Int, width: Int) {
        let (height, width) = (loaded.images[0].height, loaded.images[0].width)
        if let other = loaded.images.firstIndex(where: { $0.height != height || $0.width != width }) {
            throw .imageSizeMismatch(
                path: loaded.sources[other].path, height: loaded.images[other].height,
                width: loaded.images[other].width, first: loaded.sources[0].path,
                firstHeight: height, firstWidth: width)
        }
        return (height, width)
    }

    /// A classification target of `labels`, its classes sorted as the other loaders
    /// sort them: numerically when every name is a number (folders `1` ... `10`, as
    /// `Target.classes` orders IDX and digits labels), else by their bytes (as text
    /// classes of a CSV, and as Python's `sorted`, so ImageFolder's class indices).
    /// Names are kept as written.
    static func target(_ labels: [String?]) -> Target {
        let names = labels.map { $0 ?? "" }
        let distinct = Array(Set(names))
        let values = distinct.map(number)
        let classes: [String]
        if values.allSatisfy({ $0 != nil }) {
            classes = zip(distinct, values).sorted { a, b in
                a.1! != b.1! ? a.1! < b.1! : a.0.utf8.lexicographicallyPrecedes(b.0.utf8)
            }.map(\.0)
        } else {
            classes = distinct.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
        var code: [String: Int32] = [:]
        for (index, name) in classes.enumerated() { code[name] = Int32(index) }
        return .classification(name: "label", labels: names.map { code[$0]! }, classes: classes)
    }

    /// The value of a class name written as a decimal number (`7`, `-1`, `2.5`), else nil.
    private static func number(_ name: String) -> Double? {
        guard !name.isEmpty, name.allSatisfy({ "0123456789.-+eE".contains($0) }), let value = Double(name),
            value.isFinite
        else { return nil }
        return value
    }

    /// How one file went.
    enum Outcome {
        case decoded(DecodedImage, Lineage.SourceFile)
        case failed(DataError)
    }

    /// Reads, hashes and decodes each file (resized when asked) on several threads,
    /// each taking the next file as it finishes one. Without `skipBad`, threads stop
    /// taking files past the first failure, so the failure reported is the first in
    /// row order, as a sequential load would find it; files not taken are nil.
    static func decodeAll(_ paths: [String], options: Options) -> [Outcome?] {
        let slots = UnsafeMutableBufferPointer<Outcome?>.allocate(capacity: paths.count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize().deallocate() }
        let shared = SharedSlots(slots: slots)
        let next = Atomic<Int>(0)
        let firstFailure = Atomic<Int>(Int.max)
        DispatchQueue.concurrentPerform(iterations: threadCount(options, work: paths.count)) { _ in
            let reader = WholeFileReader()
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < paths.count, index < firstFailure.load(ordering: .relaxed) else { return }
                let outcome = decodeOne(paths[index], reader: reader, options: options)
                if case .failed = outcome, !options.skipBad { firstFailure.min(index, ordering: .relaxed) }
                shared.slots[index] = outcome
            }
        }
        return Array(slots)
    }

    private static func decodeOne(_ path: String, reader: WholeFileReader, options: Options) -> Outcome {
        let bytes: UnsafeRawBufferPointer
        do throws(DataError) {
            bytes = try reader.read(path)
        } catch {
            return .failed(error)
        }
        let source = Lineage.SourceFile(path: path, sha256: SHA256Hasher.hash(bytes), size: bytes.count)
        do throws(ImageDecodeFailure) {
            var image = try ImageDecoder.decode(bytes, grayscale: options.grayscale)
            if let size = options.size { image = ImageResize.resize(image, to: size) }
            return .decoded(image, source)
        } catch {
            return .failed(.badImage(path: path, reason: error.reason))
        }
    }

    /// One thread per core (at most 8), never more than there is work for.
    static func threadCount(_ options: Options, work: Int) -> Int {
        let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return max(1, min(options.threads ?? min(cores, 8), work))
    }

    /// `path` absolute and without `.`, `..` or doubled slashes, as the store writes
    /// tracked paths, so lineage and tracked versions name a file alike. Errors and the
    /// lineage name the folder and the labels file in this form.
    public static func standardised(_ path: String) -> String {
        var full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        while full.count > 1 && full.hasSuffix("/") { full.removeLast() }
        return (full as NSString).standardizingPath
    }

    /// The lineage's record of the call: what a later reader needs to redo it.
    private static func parameters(root: String, options: Options, skipped: [Skipped]) -> [String: String] {
        var parameters = [
            "path": root, "grayscale": options.grayscale ? "true" : "false",
            "size": options.size.map { "\($0.height),\($0.width)" } ?? "nil",
            "skip_bad": options.skipBad ? "true" : "false",
        ]
        switch options.labels {
        case .folders: parameters["labels"] = "folders"
        case .file(let path): parameters["labels"] = standardised(path)
        case .none: parameters["labels"] = "nil"
        }
        if options.skipBad {
            parameters["skipped"] = String(skipped.count)
            if !skipped.isEmpty { parameters["skipped_files"] = skipped.map(\.path).joined(separator: "\n") }
        }
        return parameters
    }
}

/// The result slots, each written by the one thread that took its index.
private struct SharedSlots: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<ImageLoader.Outcome?>
}

extension DataError {
    /// Why an image was skipped, without the path the list already shows.
    var imageReason: String {
        switch self {
        case .badImage(_, let reason): return reason
        case .unreadableFile(_, let reason): return "cannot be read: \(reason)"
        default: return description
        }
    }
}
