import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// History kept as JSON lines in `<folder>/history.jsonl`, one record per executed cell:
/// `{"session":N,"line":M,"source":"...","time":"..."}`.
///
/// Each record is one `write` on a descriptor opened with `O_APPEND`, so two kernels
/// appending at once never interleave their records. A torn last line (a crash during a
/// write) is skipped when reading and terminated by the next session start. A session
/// start writes `{"session":N,"start":true,"time":"..."}` under an exclusive `flock`, so
/// two kernels starting together still get different session numbers.
public final class FileHistoryStore: HistoryStore {
    /// The JSON-lines file this store reads and appends to.
    public let path: String

    /// Uses (and creates when needed) `folder`, e.g. `.strata/` or `$STRATA_STORE`.
    public init(folder: String) throws(HistoryError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateFolder(path: folder, reason: error.localizedDescription)
        }
        path = (folder as NSString).appendingPathComponent("history.jsonl")
    }

    public func startSession() throws(HistoryError) -> Int {
        let fd = try openFile(flags: O_RDWR | O_APPEND | O_CREAT)
        defer { close(fd) }
        // The lock spans read-max and write-marker: that pair must be atomic between kernels.
        guard flock(fd, LOCK_EX) == 0 else { throw .cannotOpen(path: path, errno: errno) }
        defer { flock(fd, LOCK_UN) }
        let bytes = try readAllBytes(fd)
        let session = (Self.decode(bytes).map(\.session).max() ?? 0) + 1
        var prefix = Data()
        if let last = bytes.last, last != UInt8(ascii: "\n") { prefix.append(UInt8(ascii: "\n")) }
        try writeRecord(
            prefix
                + Self.encode(
                    HistoryRecord(
                        session: session, line: nil, source: nil,
                        start: true, time: Timestamp.now())), to: fd)
        return session
    }

    public func append(session: Int, line: Int, source: String) throws(HistoryError) {
        let record = HistoryRecord(session: session, line: line, source: source, start: nil, time: Timestamp.now())
        let fd = try openFile(flags: O_WRONLY | O_APPEND | O_CREAT)
        defer { close(fd) }
        try writeRecord(Self.encode(record), to: fd)
    }

    public func tail(n: Int) -> [HistoryEntry] { entries().historyTail(n: n) }

    public func range(session: Int, start: Int, stop: Int?) -> [HistoryEntry] {
        entries().historyRange(session: session, start: start, stop: stop)
    }

    public func search(pattern: String, n: Int?, unique: Bool) -> [HistoryEntry] {
        entries().historySearch(pattern: pattern, n: n, unique: unique)
    }

    /// Every cell record in the file, in file order; unreadable lines are skipped.
    public func entries() -> [HistoryEntry] {
        guard let bytes = FileManager.default.contents(atPath: path) else { return [] }
        return Self.decode(bytes).compactMap { record in
            guard let line = record.line, let source = record.source else { return nil }
            return HistoryEntry(session: record.session, line: line, source: source)
        }
    }

    // MARK: - Records

    private static func decode(_ bytes: Data) -> [HistoryRecord] {
        let decoder = JSONDecoder()
        return bytes.split(separator: UInt8(ascii: "\n")).compactMap { line in
            try? decoder.decode(HistoryRecord.self, from: Data(line))
        }
    }

    private static func encode(_ record: HistoryRecord) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        // Encoding plain ints and strings cannot fail; JSON escapes newlines inside strings,
        // so a record is always exactly one line.
        let json = (try? encoder.encode(record)) ?? Data()
        return json + Data([UInt8(ascii: "\n")])
    }

    // MARK: - POSIX

    private func openFile(flags: Int32) throws(HistoryError) -> Int32 {
        let fd = open(path, flags | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        return fd
    }

    private func readAllBytes(_ fd: Int32) throws(HistoryError) -> Data {
        var result = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        lseek(fd, 0, SEEK_SET)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return result }
            if count < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path: path, errno: errno)
            }
            result.append(contentsOf: buffer[0..<count])
        }
    }

    /// One `write` call: a retry after a short write could interleave with another
    /// kernel's record, so a short write is reported instead.
    private func writeRecord(_ data: Data, to fd: Int32) throws(HistoryError) {
        while true {
            let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written == data.count { return }
            if written < 0, errno == EINTR { continue }
            throw .cannotWrite(path: path, errno: written < 0 ? errno : ENOSPC)
        }
    }
}

/// One line of the history file. Cell records have `line` and `source`; session-start
/// markers have `start`.
private struct HistoryRecord: Codable {
    var session: Int
    var line: Int?
    var source: String?
    var start: Bool?
    var time: String
}
