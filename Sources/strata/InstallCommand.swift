import ArgumentParser
import Foundation

/// `strata install`: writes the kernelspec where `jupyter kernelspec install` would.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the Strata kernelspec so Jupyter can start this kernel.",
        discussion: """
            Without a flag the kernelspec goes to the system-wide folder \
            (/usr/local/share/jupyter/kernels/strata). The kernelspec runs this very \
            binary, by its absolute path, through the strata-kernel launcher beside it \
            when there is one (it binds the kernel's ports first, for a faster start).
            """)

    @Flag(help: "Install for the current user (~/.local/share/jupyter).")
    var user = false

    @Option(help: "Install under PREFIX/share/jupyter (e.g. a virtual environment).")
    var prefix: String?

    @Flag(help: "Install into the prefix of the Python environment that runs `jupyter`.")
    var sysPrefix = false

    @Option(help: "The folder holding the logos (default: found beside the binary or in its source tree).")
    var logos: String?

    @Option(help: "The name of the kernelspec.")
    var name = "strata"

    func validate() throws {
        if [user, prefix != nil, sysPrefix].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --user, --prefix and --sys-prefix")
        }
    }

    func run() throws {
        let kernelsFolder = try kernelsDirectory()
        let destination = URL(fileURLWithPath: kernelsFolder).appendingPathComponent(name)
        let spec = KernelSpec(argv: KernelSpec.argv(strata: try executablePath()), displayName: "Strata")
        try spec.write(to: destination, logos: try logosDirectory())
        print("Installed kernelspec \(name) in \(destination.path)")
    }

    private func kernelsDirectory() throws -> String {
        if user {
            let data =
                ProcessInfo.processInfo.environment["XDG_DATA_HOME"]
                ?? (NSHomeDirectory() + "/.local/share")
            return data + "/jupyter/kernels"
        }
        if let prefix {
            return absolute(prefix) + "/share/jupyter/kernels"
        }
        if sysPrefix {
            return try pythonSysPrefix() + "/share/jupyter/kernels"
        }
        return "/usr/local/share/jupyter/kernels"
    }

    /// The `sys.prefix` of the Python that `jupyter` on PATH runs with.
    private func pythonSysPrefix() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; print(sys.prefix)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, !out.isEmpty else {
            throw ValidationError("--sys-prefix: could not ask python3 for sys.prefix")
        }
        return out
    }

    private func executablePath() throws -> String {
        // argv[0] is a path only when it holds a slash; a bare `strata` was found through
        // PATH and says nothing about the folder (resolving it against the working
        // directory would name a binary that is not there).
        let argument = CommandLine.arguments[0]
        if argument.contains("/") { return URL(fileURLWithPath: argument).resolvingSymlinksInPath().path }
        return try Bundle.main.executablePath.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
            ?? { throw ValidationError("cannot tell where the strata binary is") }()
    }

    /// Logos ship in `kernelspec/` of the source tree; an installed binary looks in
    /// `../share/strata/kernelspec` beside itself.
    private func logosDirectory() throws -> URL? {
        if let logos { return URL(fileURLWithPath: absolute(logos)) }
        var folder = URL(fileURLWithPath: try executablePath()).deletingLastPathComponent()
        let installed = folder.appendingPathComponent("../share/strata/kernelspec").standardized
        if FileManager.default.fileExists(atPath: installed.appendingPathComponent("logo-64x64.png").path) {
            return installed
        }
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("kernelspec")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("logo-64x64.png").path) {
                return candidate
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
