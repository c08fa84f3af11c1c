import Foundation

/// The kernelspec folder Jupyter reads: `kernel.json` and the logos.
struct KernelSpec {
    /// The command Jupyter runs; `{connection_file}` stands for the connection file.
    var argv: [String]
    var displayName: String

    /// The command for the `strata` binary at `strata` (an absolute path): the
    /// `strata-kernel` launcher beside it when there is one, which binds the ports
    /// within a couple of milliseconds and then runs `strata kernel` in its place;
    /// else `strata kernel` itself.
    static func argv(strata: String) -> [String] {
        let launcher = (strata as NSString).deletingLastPathComponent + "/strata-kernel"
        if FileManager.default.isExecutableFile(atPath: launcher) {
            return [launcher, "-f", "{connection_file}"]
        }
        return [strata, "kernel", "-f", "{connection_file}"]
    }

    var json: [String: Any] {
        [
            "argv": argv,
            "display_name": displayName,
            "language": "strata",
            "interrupt_mode": "message",
            "metadata": ["debugger": false],
        ]
    }

    func write(to folder: URL, logos: URL?) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: folder.appendingPathComponent("kernel.json"), options: .atomic)
        guard let logos else { return }
        for file in ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"] {
            let source = logos.appendingPathComponent(file)
            let target = folder.appendingPathComponent(file)
            guard fm.fileExists(atPath: source.path) else { continue }
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            try fm.copyItem(at: source, to: target)
        }
    }
}
