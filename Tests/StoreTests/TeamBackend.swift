import Foundation
import PostgresNIO
import Store
import StoreS3

@testable import StorePostgres

/// The team store for the behaviour suites: PostgreSQL (STRATA_TEST_POSTGRES) with its
/// objects in S3 (STRATA_TEST_S3_*), both started by `.ci/run` and `make team`
/// (scripts/team-services.sh). Each store gets a database and a key prefix of its own,
/// so every test starts from an empty store as it does with a new folder.
enum TeamBackend {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["STRATA_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func make() throws -> (store: PostgresStore, keepAlive: AnyObject?) {
        let environment = ProcessInfo.processInfo.environment
        let settings = try PostgresSettings(url: postgresURL!, environment: environment)
        let database = "strata_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = PostgresBridge(settings: settings)
        try admin.execute("CREATE DATABASE \(unescaped: database)")
        var fresh = settings
        fresh.database = database
        let objects: any ObjectBucket
        if let endpoint = environment["STRATA_TEST_S3_ENDPOINT"], let bucket = environment["STRATA_TEST_S3_BUCKET"],
            let key = environment["STRATA_TEST_S3_KEY"], let secret = environment["STRATA_TEST_S3_SECRET"]
        {
            objects = try S3ObjectStorage.open(
                url: "s3://\(bucket)/\(database)",
                environment: [
                    "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret,
                ])
        } else {
            objects = MemoryStore()
        }
        return (try PostgresStore(settings: fresh, objects: objects), admin)
    }
}
