import Foundation
import Store
import StoreS3
import TextFormat

/// S3 prefixes, through the team store's client: the keys under the prefix are listed
/// with their sizes and times, and a key whose size and time match the record of a
/// file the folder still holds is not downloaded again. S3's listing carries no
/// validator a GET could send, so this comparison is the conditional request.
extension Ingestor {
    /// One object to copy, with the client of the prefix it was listed under.
    private struct S3Object {
        var client: S3Client
        var key: String
        var size: Int64
        var modified: Date?

        var source: String { client.location.url + "/" + key }
    }

    func ingestS3(_ url: String) throws(IngestError) {
        let listed: [S3Object]
        do throws(S3Problem) {
            listed = try objects(at: url)
        } catch {
            add(IngestRow(source: url, file: nil, status: .failed, reason: error.description, attempts: 1))
            return
        }
        guard !listed.isEmpty else {
            add(IngestRow(source: url, file: nil, status: .failed, reason: "no object has this prefix", attempts: 1))
            return
        }
        for object in listed {
            if observer.shouldStop { throw interruption() }
            try copyObject(object)
        }
    }

    /// Every object under the URL's prefix; else the one object the URL names
    /// (`s3://bucket/pets/cat.png`), found by listing its folder.
    private func objects(at url: String) throws(S3Problem) -> [S3Object] {
        let client = try s3Client(url)
        let under = try S3Problem.wrap { () throws(S3Error) in try client.list(under: "") }
        let files = under.filter { !$0.key.hasSuffix("/") }
        if !files.isEmpty {
            return files.map { S3Object(client: client, key: $0.key, size: Int64($0.size), modified: $0.modified) }
        }
        let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
        guard let slash = trimmed.lastIndex(of: "/"), trimmed[..<slash].count > "s3:/".count else { return [] }
        let name = String(trimmed[trimmed.index(after: slash)...])
        let parent = try s3Client(String(trimmed[..<slash]))
        let siblings = try S3Problem.wrap { () throws(S3Error) in try parent.list(under: name) }
        return siblings.filter { $0.key == name }.map {
            S3Object(client: parent, key: name, size: Int64($0.size), modified: $0.modified)
        }
    }

    private func copyObject(_ object: S3Object) throws(IngestError) {
        // A key's file is its path below the prefix (a single object's, its name).
        guard
            let target = reserve(
                FolderPath.make(relative: object.key), for: object.source,
                unnamed: "the key names no file in a folder")
        else { return }
        let lastModified = object.modified.map(DateText.http)
        if var previous = known[target], previous.source == object.source, previous.size == object.size,
            previous.lastModified == lastModified, folder.digest(of: target, size: previous.size) == previous.sha256
        {
            previous.checked = Date()
            add(
                IngestRow(
                    source: object.source, file: target, status: .unchanged, bytes: previous.size,
                    sha256: previous.sha256, lastModified: lastModified))
            try record(previous)
            return
        }
        observer.requesting(object.source)
        let partial: PartialFile
        do throws(S3Problem) {
            guard let bytes = try S3Problem.wrap({ () throws(S3Error) in try object.client.get(object.key) }) else {
                add(
                    IngestRow(
                        source: object.source, file: target, status: .failed, reason: "the object is gone", attempts: 1)
                )
                return
            }
            partial = try S3Problem.wrap { () throws(FileProblem) in
                let file = try folder.partialFile()
                var failure: FileProblem?
                bytes.withUnsafeBytes { raw in
                    do throws(FileProblem) { try file.write(raw) } catch { failure = error }
                }
                if let failure { throw failure }
                return file
            }
        } catch {
            add(IngestRow(source: object.source, file: target, status: .failed, reason: error.description, attempts: 1))
            return
        }
        try deliver(partial, to: target, source: object.source, etag: nil, lastModified: lastModified, attempts: 1)
    }

    /// A client for `url` with the AWS settings of the options' environment, read as
    /// the team store reads them (`S3ObjectStorage.open`), trying each request
    /// `retries` more times with the ingest's backoff.
    private func s3Client(_ url: String) throws(S3Problem) -> S3Client {
        let environment = options.environment
        do throws(S3ConfigurationError) {
            let location = try S3Location(url: url, environment: environment)
            return S3Client(
                location: location, credentials: try S3Credentials(environment: environment, for: location),
                attempts: max(0, options.retries) + 1, backoff: options.backoff)
        } catch {
            // S3Location words its errors for STRATA_OBJECTS; here the URL is the source.
            throw S3Problem(error.setting == "STRATA_OBJECTS" ? error.reason : error.description)
        }
    }
}

/// Why an S3 source or object could not be read: a setting, the client's error, or the
/// local file; worded for the result table (never with a secret).
private struct S3Problem: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }

    static func wrap<T, E: Error & CustomStringConvertible>(_ body: () throws(E) -> T) throws(S3Problem) -> T {
        do { return try body() } catch { throw S3Problem(error.description) }
    }
}
