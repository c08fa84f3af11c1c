import Digest
import Foundation
import Store
import Testing

@testable import StoreS3

/// The S3 object store against a real S3 server: SeaweedFS, started by `.ci/run` and
/// `make team` (scripts/team-services.sh), which checks signatures. The tests need its
/// endpoint, bucket and credentials in STRATA_TEST_S3_ENDPOINT, STRATA_TEST_S3_BUCKET,
/// STRATA_TEST_S3_KEY and STRATA_TEST_S3_SECRET; without them they do not run (CI sets
/// them, so there they always do).
/// The S3 server the tests use, from the environment.
struct S3TestServer {
    var endpoint: String
    var bucket: String
    var key: String
    var secret: String

    static var current: S3TestServer? {
        let environment = ProcessInfo.processInfo.environment
        guard let endpoint = environment["STRATA_TEST_S3_ENDPOINT"], let bucket = environment["STRATA_TEST_S3_BUCKET"],
            let key = environment["STRATA_TEST_S3_KEY"], let secret = environment["STRATA_TEST_S3_SECRET"]
        else { return nil }
        return S3TestServer(endpoint: endpoint, bucket: bucket, key: key, secret: secret)
    }
}

@Suite(.enabled(if: S3TestServer.current != nil, "no S3 server: run scripts/team-services.sh start"))
struct S3ObjectStorageTests {

    static func storage(
        prefix: String = "tests/\(UUID().uuidString.lowercased())", secret: String? = nil,
        bucket: String? = nil, endpoint: String? = nil
    ) throws -> S3ObjectStorage {
        let server = S3TestServer.current!
        return try S3ObjectStorage.open(
            url: "s3://\(bucket ?? server.bucket)/\(prefix)",
            environment: [
                "AWS_ENDPOINT_URL": endpoint ?? server.endpoint, "AWS_ACCESS_KEY_ID": server.key,
                "AWS_SECRET_ACCESS_KEY": secret ?? server.secret, "AWS_REGION": "us-east-1",
            ])
    }

    @Test("an object goes up once, reads back verified, and is listed")
    func roundTrip() throws {
        let storage = try S3ObjectStorageTests.storage()
        let data = Data("a run's weights".utf8)
        let id = try storage.putObject(data)
        #expect(id.hex == data.withUnsafeBytes { SHA256Hasher.hash($0) })
        #expect(try storage.object(id) == data)
        // Storing it again is harmless: If-None-Match leaves the first copy.
        #expect(try storage.putObject(data) == id)
        #expect(try storage.contains(id))
        #expect(try storage.objectIDs() == [id])
        let missing = ObjectID(hex: String(repeating: "0", count: 64))!
        #expect(throws: StoreError.objectMissing(missing)) { try storage.object(missing) }
    }

    @Test("an object changed in the bucket is caught on read, naming it")
    func corruption() throws {
        let storage = try S3ObjectStorageTests.storage()
        let id = try storage.putObject(Data("original".utf8))
        try storage.client.put(S3ObjectStorage.key(of: id), data: Array("tampered".utf8), ifAbsent: false)
        do {
            _ = try storage.object(id)
            Issue.record("a tampered object was read")
        } catch {
            guard case .objectCorrupt(let corrupt, _, let path) = error else {
                Issue.record("expected objectCorrupt, got \(error)")
                return
            }
            #expect(corrupt == id && path.hasPrefix("s3://"))
        }
    }

    @Test("large objects go up in parts and read back whole")
    func multipart() throws {
        let server = S3TestServer.current!
        let location = try S3Location(
            url: "s3://\(server.bucket)/tests/\(UUID().uuidString.lowercased())",
            environment: ["AWS_ENDPOINT_URL": server.endpoint])
        let client = S3Client(
            location: location,
            credentials: S3Credentials(
                accessKeyID: server.key,
                secretAccessKey: server.secret),
            multipartThreshold: 6 << 20, partSize: 5 << 20)
        let storage = S3ObjectStorage(client: client)
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<(11 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let id = try storage.putObject(data)
        #expect(try storage.object(id) == data)
        #expect(try storage.putObject(data) == id)
    }

    @Test(
        "wrong credentials, an unknown bucket and an unreachable host are one-line errors naming the setting, no secret"
    )
    func failures() throws {
        let secret = "not-the-secret-\(UUID().uuidString)"
        do {
            _ = try S3ObjectStorageTests.storage(secret: secret).putObject(Data("x".utf8))
            Issue.record("wrong credentials were accepted")
        } catch {
            let text = "\(error)"
            #expect(text.contains("AWS_SECRET_ACCESS_KEY") && !text.contains(secret) && !text.contains("\n"))
        }
        do {
            _ = try S3ObjectStorageTests.storage(bucket: "no-such-bucket-\(Int.random(in: 1000...9999))")
                .object(ObjectID(hex: String(repeating: "a", count: 64))!)
            Issue.record("an unknown bucket was accepted")
        } catch {
            #expect("\(error)".contains("STRATA_OBJECTS") && "\(error)".contains("does not exist"))
        }
        let location = try S3Location(url: "s3://strata/x", environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:9"])
        let dead = S3ObjectStorage(
            client: S3Client(
                location: location,
                credentials: S3Credentials(
                    accessKeyID: "k", secretAccessKey: secret), attempts: 3, backoff: 0.01))
        do {
            _ = try dead.putObject(Data("x".utf8))
            Issue.record("a dead endpoint was accepted")
        } catch {
            #expect("\(error)".contains("http://127.0.0.1:9") && "\(error)".contains("3 attempts"))
            #expect(!"\(error)".contains(secret))
        }
    }
}
