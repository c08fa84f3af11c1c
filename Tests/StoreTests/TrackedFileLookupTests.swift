import Foundation
import Testing

@testable import Store

/// `TrackedFileLookup` answers as `trackedVersion(holding:sha256:)` does, file by file,
/// over folder and single-file versions, old bytes and new.
@Suite struct TrackedFileLookupTests {
    @Test func agreesWithTheOneFileLookup() throws {
        let data = TemporaryFolder()
        let storeFolder = TemporaryFolder()
        let store = try Store.open(at: storeFolder.path)
        data.write("one", to: "images/cat/1.png")
        data.write("two", to: "images/dog/2.png")
        data.write("labels", to: "labels.csv")
        let folder = try store.track(data.path + "/images")
        let single = try store.track(data.path + "/labels.csv")
        let one = try store.sourceFileHash(data.path + "/images/cat/1.png")
        let two = try store.sourceFileHash(data.path + "/images/dog/2.png")
        let labels = try store.sourceFileHash(data.path + "/labels.csv")
        data.write("one, edited", to: "images/cat/1.png")
        let edited = try store.sourceFileHash(data.path + "/images/cat/1.png")
        let newer = try store.track(data.path + "/images")

        let lookup = try TrackedFileLookup(store: store)
        let cases: [(String, String, ObjectID?)] = [
            (data.path + "/images/cat/1.png", one, folder.id),  // the old bytes: the old version
            (data.path + "/images/cat/1.png", edited, newer.id),  // the new bytes: the new one
            (data.path + "/images/dog/2.png", two, newer.id),  // in both: the newest
            (data.path + "/images/dog/1.png", one, nil),  // right bytes, wrong name
            (data.path + "/labels.csv", labels, single.id),  // a version of one file
            (data.path + "/labels.csv", two, nil),
            (data.path + "/elsewhere/1.png", one, nil),
        ]
        for (path, sha256, expected) in cases {
            #expect(try lookup.version(holding: path, sha256: sha256)?.id == expected, "\(path)")
            #expect(try store.trackedVersion(holding: path, sha256: sha256)?.id == expected, "\(path)")
        }
    }
}
