import Foundation

/// Where the kernel keeps its files: `$STRATA_STORE`, or `.strata/` in the working directory.
enum StoreLocation {
    static func folder(workingDirectory: String,
                       environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["STRATA_STORE"], !path.isEmpty {
            return path.hasPrefix("/") ? path : workingDirectory + "/" + path
        }
        return workingDirectory + "/.strata"
    }
}
