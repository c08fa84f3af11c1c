#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The current `errno` in the words the loaders and writers use in their errors.
enum ErrnoText {
    static func current() -> String {
        switch errno {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied"
        case ENOSPC: return "the disk is full"
        case EROFS: return "the file system is read-only"
        default: return String(cString: strerror(errno))
        }
    }
}
