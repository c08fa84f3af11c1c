import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a formatted file could not replace the original.
struct WriteError: Error {
    var reason: String
}

extension FmtCommand {
    /// The files `path` names (`StrataSourceFiles`); a path that names none is said on
    /// stderr and fails the run.
    func sourceFiles(_ path: String, failed: inout Bool) -> [String] {
        let found = StrataSourceFiles.find(path)
        for problem in found.problems {
            FileHandle.standardError.write(Data("strata fmt: \(problem)\n".utf8))
            failed = true
        }
        return found.files
    }

    /// Replaces the file at `path` with `bytes` through a temporary file beside it and a
    /// rename, so an interrupted run leaves the old file or the new one, never half of
    /// one. The file keeps its permissions.
    static func replaceAtomically(_ path: String, with bytes: [UInt8]) throws(WriteError) {
        var info = stat()
        let mode: mode_t = stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0o644
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array((folder + "." + name + ".fmt-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw WriteError(reason: String(cString: strerror(errno))) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var written = 0
        let failure: String? = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                written += count
            }
            if fchmod(descriptor, mode) != 0 || fsync(descriptor) != 0 { return String(cString: strerror(errno)) }
            return nil
        }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw WriteError(reason: failure)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(reason: reason)
        }
    }
}
