import Store

/// What a session needs from its host: where it runs, and how to open a team store.
public struct SessionEnvironment: Sendable {
    /// Opens the team store a URL names (`postgres://...`); the host provides it, as the
    /// language does not link the database and S3 clients.
    public typealias TeamStoreOpener = @Sendable (String) throws(StoreError) -> any SessionStore

    /// Relative paths (loaders, completion of paths in strings) resolve against it.
    public var workingDirectory: String
    /// How a `STRATA_STORE` URL is opened; nil where the host cannot open one.
    public var openTeamStore: TeamStoreOpener?

    public init(workingDirectory: String, openTeamStore: TeamStoreOpener? = nil) {
        self.workingDirectory = workingDirectory
        self.openTeamStore = openTeamStore
    }
}
