#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The small datasets shipped with Strata (see Datasets/README.md for their
/// sources): `iris`, `wine`, `breast_cancer`, `digits`, `diabetes` and `sms_spam`
/// (free text). Each is a CSV
/// whose last column is the target. Nothing is cached: every call reads the file.
public enum BundledDatasets {
    struct Entry: Sendable {
        var name: String
        var target: String
        /// The target's classes are written as numbers (digits).
        var numericClasses = false
        var sampleShape: [Int]?
    }

    static let entries: [Entry] = [
        Entry(name: "iris", target: "species"),
        Entry(name: "wine", target: "cultivar"),
        Entry(name: "breast_cancer", target: "diagnosis"),
        Entry(name: "digits", target: "digit", numericClasses: true, sampleShape: [1, 8, 8]),
        Entry(name: "diabetes", target: "progression"),
        Entry(name: "sms_spam", target: "label"),
    ]

    /// The names `load` accepts.
    public static var names: [String] { entries.map(\.name) }

    /// Loads bundled dataset `name`. Its lineage records the operation `dataset`,
    /// the parameter `name` and the CSV file read with its SHA-256.
    /// - Throws: `DataError.unknownDataset` (with the closest name) for other names,
    ///   `DataError.missingResources` if the files cannot be found beside the program.
    public static func load(_ name: String) throws(DataError) -> Dataset {
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw .unknownDataset(
                name: name, suggestion: NearestName.closest(to: name, among: names),
                available: names)
        }
        let folder = try resourceFolder()
        var options = CSVLoader.Options()
        options.numericClasses = entry.numericClasses
        options.name = entry.name
        options.operation = "dataset"
        var dataset = try CSVLoader.load(
            path: folder + "/" + entry.name + ".csv", target: entry.target,
            delimiter: UInt8(ascii: ","), header: true, options: options)
        dataset.sampleShape = entry.sampleShape
        dataset.lineage.parameters = ["name": entry.name]
        return dataset
    }

    /// The folder holding the CSVs. SwiftPM copies them into `Strata_Data.resources`
    /// beside the built executable (or test runner); an installed or symlinked
    /// `strata` is resolved to its real path first. SwiftPM's own `Bundle.module`
    /// would stop the program when the bundle is missing, so the lookup is done here:
    /// beside the executable, then in the source tree this was compiled from.
    static func resourceFolder() throws(DataError) -> String {
        var candidates: [String] = []
        if let executable = executablePath() {
            let folder = parent(of: executable)
            candidates.append(folder + "/Strata_Data.resources/Datasets")
            // `.xctest` bundles on macOS keep the resources two levels up.
            candidates.append(parent(of: parent(of: parent(of: folder))) + "/Strata_Data.resources/Datasets")
        }
        candidates.append(parent(of: #filePath) + "/../Datasets")
        for candidate in candidates where isFile(candidate + "/iris.csv") { return candidate }
        throw .missingResources(searched: candidates)
    }

    private static func executablePath() -> String? {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
        guard let argument = CommandLine.arguments.first, let real = realpath(argument, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
        #endif
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func isFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}
