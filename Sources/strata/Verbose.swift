import Foundation

/// Diagnostics for whoever runs `strata`, on standard error, when `STRATA_VERBOSE` is
/// set to anything but `0` or the empty string (Jupyter shows a kernel's standard
/// error in the server's log).
enum Verbose {
    static var isOn: Bool {
        guard let value = ProcessInfo.processInfo.environment["STRATA_VERBOSE"] else { return false }
        return !value.isEmpty && value != "0"
    }

    static func log(_ line: String) {
        FileHandle.standardError.write(Data("[strata] \(line)\n".utf8))
    }
}
