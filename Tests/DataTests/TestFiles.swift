import Foundation

@testable import Data

/// Files written for one test into a fresh temporary folder, removed afterwards.
final class TestFiles {
    let folder: URL

    init() {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-data-tests-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Writes `text` as UTF-8 to `name` in the folder and returns its path.
    func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    func write(_ name: String, bytes: [UInt8]) -> String {
        let url = folder.appendingPathComponent(name)
        FileManager.default.createFile(atPath: url.path, contents: Foundation.Data(bytes))
        return url.path
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
}

extension Dataset {
    /// The numbers of feature column `name`, sparse ones written out (empty if it is not numeric).
    func numbers(_ name: String) -> [Float] {
        columns.first(where: { $0.name == name })?.numbers ?? []
    }

    /// The codes and categories of feature column `name`.
    func categorical(_ name: String) -> (codes: [Int32], categories: [String])? {
        guard case .categorical(let codes, let categories)? = columns.first(where: { $0.name == name })?.values
        else { return nil }
        return (codes, categories)
    }
}

/// Runs `body`, returning the DataError it throws (nil if it succeeds).
func dataError<T>(_ body: () throws(DataError) -> T) -> DataError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

/// Float arrays equal, with NaN equal to NaN.
func sameNumbers(_ a: [Float], _ b: [Float]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) || $0 == $1 }
}
