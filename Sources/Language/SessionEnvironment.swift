/// Facts about where a session runs, fixed when it starts.
public struct SessionEnvironment: Sendable {
    /// Relative paths (loaders, completion of paths in strings) resolve against it.
    public var workingDirectory: String

    public init(workingDirectory: String) {
        self.workingDirectory = workingDirectory
    }
}
