import Digest
import Foundation
import Store
import Synchronization

/// A store's objects in an S3 bucket, with the local store's layout below the prefix
/// (`objects/sha256/ab/<62 hex>`): created only if absent (`If-None-Match: *`, so two
/// writers of one object never race), durable when the PUT returns (S3's promise), and
/// checked against their id on every read.
public final class S3ObjectStorage: ObjectStorage {
    public let client: S3Client

    public init(client: S3Client) {
        self.client = client
    }

    /// Opens `STRATA_OBJECTS` (or `url`) with the AWS variables of `environment`.
    /// - Throws: `S3ConfigurationError` naming the missing or malformed setting.
    public static func open(url: String, environment: [String: String]) throws(S3ConfigurationError) -> S3ObjectStorage {
        let location = try S3Location(url: url, environment: environment)
        guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty else {
            throw S3ConfigurationError(setting: "AWS_ACCESS_KEY_ID", reason: "is not set; the bucket \(location.url) needs credentials")
        }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw S3ConfigurationError(setting: "AWS_SECRET_ACCESS_KEY", reason: "is not set")
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return S3ObjectStorage(client: S3Client(location: location, credentials: S3Credentials(
            accessKeyID: key, secretAccessKey: secret, sessionToken: token)))
    }

    static func key(of id: ObjectID) -> String { id.relativePath }

    @discardableResult
    public func putObject(_ data: Data) throws(StoreError) -> ObjectID {
        let bytes = [UInt8](data)
        let id = ObjectID(hex: bytes.withUnsafeBytes { SHA256Hasher.hash($0) })!
        do throws(S3Error) {
            try client.put(S3ObjectStorage.key(of: id), data: bytes, ifAbsent: true)
        } catch {
            throw .io(action: "store", path: "\(client.location.url)/\(S3ObjectStorage.key(of: id))", reason: error.description)
        }
        return id
    }

    public func object(_ id: ObjectID) throws(StoreError) -> Data {
        let key = S3ObjectStorage.key(of: id)
        let bytes: [UInt8]?
        do throws(S3Error) {
            bytes = try client.get(key)
        } catch {
            throw .io(action: "read", path: "\(client.location.url)/\(key)", reason: error.description)
        }
        guard let bytes else { throw .objectMissing(id) }
        let actual = bytes.withUnsafeBytes { SHA256Hasher.hash($0) }
        guard actual == id.hex else {
            throw .objectCorrupt(id, actual: actual, path: "\(client.location.url)/\(key)")
        }
        return Data(bytes)
    }

    /// Whether the bucket holds the object (without reading it).
    public func contains(_ id: ObjectID) throws(StoreError) -> Bool {
        do throws(S3Error) {
            return try client.head(S3ObjectStorage.key(of: id)) != nil
        } catch {
            throw .io(action: "look up", path: "\(client.location.url)/\(S3ObjectStorage.key(of: id))",
                      reason: error.description)
        }
    }

    /// Every object id in the bucket (below the prefix), sorted.
    public func objectIDs() throws(StoreError) -> [ObjectID] {
        try storedObjects().map(\.id)
    }
}

/// The bucket as push, pull, verify and gc use it.
extension S3ObjectStorage: ObjectBucket {
    /// Up to a few dozen ids are looked up one by one; more, by listing the bucket once
    /// (a page of a thousand keys costs about what one lookup does).
    public func presentObjects(among ids: Set<ObjectID>) throws(StoreError) -> Set<ObjectID> {
        if ids.count <= 32 {
            var present = Set<ObjectID>()
            for id in ids where try contains(id) { present.insert(id) }
            return present
        }
        return ids.intersection(try storedObjects().map(\.id))
    }

    public func objectReceiver() throws(StoreError) -> any ObjectReceiver {
        S3ObjectReceiver(storage: self)
    }

    public func storedObjects() throws(StoreError) -> [StoredObject] {
        do throws(S3Error) {
            return try client.list(under: "objects/sha256/").compactMap { entry in
                let parts = entry.key.split(separator: "/")
                guard parts.count == 4, let id = ObjectID(hex: String(parts[2] + parts[3])) else { return nil }
                return StoredObject(id: id, size: Int64(entry.size), modified: entry.modified ?? .distantPast)
            }
        } catch {
            throw .io(action: "list", path: client.location.url, reason: error.description)
        }
    }

    public func removeObject(_ id: ObjectID) throws(StoreError) {
        do throws(S3Error) {
            try client.delete(S3ObjectStorage.key(of: id))
        } catch {
            throw .io(action: "remove", path: "\(client.location.url)/\(S3ObjectStorage.key(of: id))", reason: error.description)
        }
    }
}

/// Objects arriving in the bucket: checked against their id before they are sent (and
/// the signed payload hash lets the server check them again on arrival), created only
/// if absent, durable when each PUT returns.
final class S3ObjectReceiver: ObjectReceiver {
    private let storage: S3ObjectStorage
    private let written = Atomic<Int>(0)

    init(storage: S3ObjectStorage) {
        self.storage = storage
    }

    func receive(_ id: ObjectID, _ data: Data) throws(StoreError) {
        let bytes = [UInt8](data)
        let actual = bytes.withUnsafeBytes { SHA256Hasher.hash($0) }
        guard actual == id.hex else { throw .objectCorrupt(id, actual: actual, path: "the copy received") }
        let key = S3ObjectStorage.key(of: id)
        do throws(S3Error) {
            if try storage.client.put(key, data: bytes, ifAbsent: true) { written.add(1, ordering: .relaxed) }
        } catch {
            throw .io(action: "store", path: "\(storage.client.location.url)/\(key)", reason: error.description)
        }
    }

    func commit() throws(StoreError) -> Int { written.exchange(0, ordering: .relaxed) }

    func abandon() {}
}
