import Foundation

/// A version of tracked raw data: every file's path (relative, `/`-separated), size,
/// permission bits and content object, sorted by path. Its id is the id of its encoding
/// stored as an object, so equal trees have equal ids on any machine.
///
/// Encoding (UTF-8, one `\n` after every line):
/// `strata-manifest 1`, then per file `<mode, 4 octal digits> <size> <object id> <path>`,
/// with `\` and newline in paths written as `\\` and `\n`.
public struct Manifest: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var path: String
        public var size: Int64
        /// Permission bits, e.g. 0o644 or 0o755.
        public var mode: UInt32
        public var object: ObjectID

        public init(path: String, size: Int64, mode: UInt32, object: ObjectID) {
            self.path = path
            self.size = size
            self.mode = mode
            self.object = object
        }
    }

    /// Sorted by the UTF-8 bytes of `path`.
    public private(set) var entries: [Entry]

    static let header = "strata-manifest 1"

    public init(entries: [Entry]) {
        self.entries = entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    public var totalBytes: Int64 { entries.reduce(0) { $0 + $1.size } }

    /// The canonical bytes whose SHA-256 is the manifest's id.
    public func encoded() -> Data {
        var text = Manifest.header + "\n"
        text.reserveCapacity(entries.count * 100)
        for entry in entries {
            text += String(format: "%04o", entry.mode & 0o7777) + " \(entry.size) \(entry.object.hex) "
            text += Manifest.escape(entry.path) + "\n"
        }
        return Data(text.utf8)
    }

    /// Parses a manifest object's bytes.
    public static func decode(_ data: Data, id: ObjectID) throws(StoreError) -> Manifest {
        guard let text = String(data: data, encoding: .utf8) else { throw .invalidManifest(id, reason: "not UTF-8") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == Substring(header) else { throw .invalidManifest(id, reason: "missing header '\(header)'") }
        guard lines.last == "" else { throw .invalidManifest(id, reason: "truncated (no final newline)") }
        lines.removeFirst()
        lines.removeLast()
        var entries: [Entry] = []
        entries.reserveCapacity(lines.count)
        for (number, line) in lines.enumerated() {
            let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, let mode = UInt32(parts[0], radix: 8), let size = Int64(parts[1]), size >= 0,
                  let object = ObjectID(hex: String(parts[2])), !parts[3].isEmpty else {
                throw .invalidManifest(id, reason: "line \(number + 2) is malformed")
            }
            entries.append(Entry(path: unescape(String(parts[3])), size: size, mode: mode, object: object))
        }
        return Manifest(entries: entries)
    }

    static func escape(_ path: String) -> String {
        guard path.contains("\\") || path.contains("\n") else { return path }
        return path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func unescape(_ path: String) -> String {
        guard path.contains("\\") else { return path }
        var out = ""
        var escaping = false
        for character in path {
            if escaping {
                out.append(character == "n" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
