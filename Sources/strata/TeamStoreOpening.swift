import Foundation
import Store
import StorePostgres
import StoreS3

/// The team store a `postgres://` location names, with its objects in the bucket
/// `STRATA_OBJECTS` names (AWS_* settings as AWS tools read them). So far only the
/// commands that exercise the store directly (`store sweep-stress`) open one.
enum TeamStoreOpening {
    /// - Throws: a command failure naming the setting at fault, never a secret.
    static func open(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> PostgresStore {
        let settings: PostgresSettings
        do throws(PostgresSettingsError) {
            settings = try PostgresSettings(url: url, environment: environment)
        } catch {
            throw StoreCommandFailure(error.description)
        }
        guard let objectsURL = environment["STRATA_OBJECTS"], !objectsURL.isEmpty else {
            throw StoreCommandFailure("STRATA_OBJECTS: a PostgreSQL store keeps its objects in S3; set "
                                      + "STRATA_OBJECTS=s3://bucket/prefix")
        }
        let objects: S3ObjectStorage
        do throws(S3ConfigurationError) {
            objects = try S3ObjectStorage.open(url: objectsURL, environment: environment)
        } catch {
            throw StoreCommandFailure(error.description)
        }
        return try StoreCommandFailure.reporting { () throws(StoreError) in
            try PostgresStore(settings: settings, objects: objects)
        }
    }
}
