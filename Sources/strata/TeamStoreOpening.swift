import Experiments
import Foundation
import Language
import Store
import StorePostgres
import StoreS3

/// The team store a `postgres://` location names, with its objects in the bucket
/// `STRATA_OBJECTS` names (AWS_* settings as AWS tools read them). The store commands,
/// `strata run` and the kernel open one when `--store` or `STRATA_STORE` is such a URL.
enum TeamStoreOpening {
    /// Whether `location` names a team store rather than a folder.
    static func isTeamStore(_ location: String) -> Bool {
        PostgresSettings.isURL(location)
    }

    /// - Throws: `.teamStoreUnavailable` naming the setting at fault, never a secret;
    ///   a connection failure as the store reports it.
    static func openStore(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(StoreError) -> PostgresStore
    {
        let settings: PostgresSettings
        do throws(PostgresSettingsError) {
            settings = try PostgresSettings(url: url, environment: environment)
        } catch {
            throw .teamStoreUnavailable(error.description)
        }
        guard let objectsURL = environment["STRATA_OBJECTS"], !objectsURL.isEmpty else {
            throw .teamStoreUnavailable(
                "STRATA_OBJECTS: a PostgreSQL store keeps its objects in S3; set "
                    + "STRATA_OBJECTS=s3://bucket/prefix")
        }
        let objects: S3ObjectStorage
        do throws(S3ConfigurationError) {
            objects = try S3ObjectStorage.open(url: objectsURL, environment: environment)
        } catch {
            throw .teamStoreUnavailable(error.description)
        }
        return try PostgresStore(settings: settings, objects: objects)
    }

    /// `openStore` for a command: a failure is the command's one-line error.
    static func open(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> PostgresStore
    {
        try StoreCommandFailure.reporting { () throws(StoreError) in try openStore(url, environment: environment) }
    }

    /// The opener a session uses when `STRATA_STORE` names a team store.
    static let sessionOpener: SessionEnvironment.TeamStoreOpener = { url throws(StoreError) in
        try openStore(url)
    }
}
