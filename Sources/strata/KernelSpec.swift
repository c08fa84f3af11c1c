import Foundation

/// The kernelspec folder Jupyter reads: `kernel.json` and the logos.
struct KernelSpec {
    var executable: String
    var displayName: String

    var json: [String: Any] {
        [
            "argv": [executable, "kernel", "-f", "{connection_file}"],
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
