/// Paths of files inside the ingest folder, made from URL paths and object keys so
/// that no source can write outside the folder or over a folder of its own.
enum FolderPath {
    /// `segments` joined with `/`, a trailing empty segment named `index.html` (as a
    /// web server names a folder's page), and the query kept after `?` in the file
    /// name (as wget does). Nil when a segment is `.` or `..` or holds a NUL, or when
    /// nothing is left.
    static func make(segments: [String], query: String? = nil) -> String? {
        var parts = segments
        if parts.isEmpty || parts.last == "" {
            parts = parts.dropLast() + ["index.html"]
        }
        // Empty segments (`a//b`) name nothing on disk.
        parts = parts.enumerated().compactMap { index, part in part.isEmpty && index < parts.count - 1 ? nil : part }
        if let query, !query.isEmpty, let last = parts.popLast() { parts.append(last + "?" + query) }
        guard !parts.isEmpty else { return nil }
        var safe: [String] = []
        for part in parts {
            guard part != ".", part != "..", !part.contains("\u{0}") else { return nil }
            // A decoded `%2F` must not become a folder of its own.
            safe.append(part.replacingSlashes())
        }
        return safe.joined(separator: "/")
    }

    /// The path of a key or file below a prefix, split on `/`.
    static func make(relative: String) -> String? {
        let segments = relative.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        return segments.isEmpty ? nil : make(segments: segments)
    }
}

extension String {
    fileprivate func replacingSlashes() -> String {
        String(map { $0 == "/" ? "_" : $0 })
    }
}
