import Digest
import Foundation
import Testing

@testable import Store

/// Labels datasets in the store: every label a new version, read back after a reopen,
/// safe against a second writer, and their items kept by gc and checked by verify.
@Suite("labels in the store")
struct LabelStoreTests {
    static let schema = Data("strata-label-schema 1\npresentation text\ncategory text\n".utf8)

    static func item(_ text: String) -> Data { Data("item \(text)".utf8) }

    static func save(
        _ store: Store, _ label: String, _ item: String, to set: LabelSet,
        classes: [String] = ["cat", "dog"]
    ) throws -> LabelSet {
        try store.saveLabel(label, item: Self.item(item), schema: Self.schema, classes: classes, to: set)
    }

    @Test func aNameWithoutLabelsReadsAsAnEmptySet() throws {
        let folder = TemporaryFolder()
        let store = try Store.open(at: folder.path)
        let set = try store.labelSet(named: "pets")
        #expect(set == LabelSet(name: "pets"))
        #expect(try store.labelSetNames().isEmpty)
    }

    @Test func everyLabelIsANewVersionThatAReopenedStoreReads() throws {
        let folder = TemporaryFolder()
        var set = LabelSet(name: "pets")
        do {
            let store = try Store.open(at: folder.path)
            set = try Self.save(store, "cat", "a", to: set)
            set = try Self.save(store, "dog", "b", to: set)
            set = try Self.save(store, "dog", "a", to: set)  // relabelled: keeps its place
        }
        let store = try Store.open(at: folder.path)
        let read = try store.labelSet(named: "pets")
        #expect(read == set)
        #expect(read.revision == 3)
        #expect(read.classes == ["cat", "dog"])
        #expect(read.entries.map(\.label) == ["dog", "dog"])
        #expect(read.entries.map(\.item) == [ObjectID.of(Self.item("a")), ObjectID.of(Self.item("b"))])
        let versions = try store.datasets().filter { $0.name == "pets" }
        #expect(versions.count == 3)
        #expect(Set(versions.map(\.contentID)).contains(read.head?.hex ?? ""))
        #expect(versions.allSatisfy { $0.lineage["operation"] == .string("label") })
        #expect(try store.labelSetNames() == ["pets"])
        #expect(try store.object(ObjectID.of(Self.item("b"))) == Self.item("b"))
    }

    @Test func manyLabelsMixSnapshotsAndChangesAndReadBackWhole() throws {
        let folder = TemporaryFolder()
        let store = try Store.open(at: folder.path)
        var set = LabelSet(name: "many")
        for index in 0..<100 { set = try Self.save(store, index % 3 == 0 ? "cat" : "dog", "\(index)", to: set) }
        let read = try store.labelSet(named: "many")
        #expect(read == set)
        #expect(read.count == 100)
        #expect(read.revision == 100)
        // Snapshots at 1, 33, 65 and 97 (every 32 while there are few labels): the head
        // is a change three versions after the last one.
        #expect(read.changesSinceSnapshot == 3)
        let head = try LabelVersion.decode(try store.object(try #require(read.head)), id: try #require(read.head))
        guard case .change(let entry, _) = head.body else {
            Issue.record("the newest version should hold one change")
            return
        }
        #expect(entry.item == ObjectID.of(Self.item("99")))
    }

    @Test func aSecondWriterBuildsOnTheFirstWritersLabels() throws {
        let folder = TemporaryFolder()
        let first = try Store.open(at: folder.path)
        let second = try Store.open(at: folder.path)
        let start = try Self.save(first, "cat", "a", to: LabelSet(name: "pets"))
        let stale = try second.labelSet(named: "pets")
        _ = try Self.save(first, "dog", "b", to: start)
        // `stale` does not know of b; saving through it must not lose b.
        let merged = try Self.save(second, "cat", "c", to: stale)
        #expect(merged.count == 3)
        #expect(merged.label(of: ObjectID.of(Self.item("b"))) == "dog")
        #expect(try first.labelSet(named: "pets") == merged)
        #expect(merged.revision == 3)
    }

    @Test func gcKeepsLabelledItemsAndVerifyChecksThem() throws {
        let folder = TemporaryFolder()
        let store = try Store.open(at: folder.path)
        var set = LabelSet(name: "pets")
        for name in ["a", "b", "c"] { set = try Self.save(store, "cat", name, to: set) }
        let report = try store.collectGarbage(gracePeriod: 0)
        #expect(report.removedObjects == 0)
        #expect(try store.labelSet(named: "pets") == set)
        #expect(try store.object(ObjectID.of(Self.item("c"))) == Self.item("c"))
        #expect(try store.verify().isConsistent)

        let item = ObjectID.of(Self.item("b"))
        try FileManager.default.removeItem(atPath: folder.path + "/" + item.relativePath)
        let problems = try store.verify().problems
        #expect(problems.contains { $0.contains(item.hex) && $0.contains("labels 'pets'") })
    }

    @Test func aDamagedVersionIsNamed() throws {
        let folder = TemporaryFolder()
        let store = try Store.open(at: folder.path)
        let id = try store.putObject(Data("{\"format\":\"strata-labels 1\"}".utf8))
        #expect(throws: StoreError.invalidLabels(id, reason: "no name")) {
            try LabelVersion.decode(try store.object(id), id: id)
        }
    }
}

extension ObjectID {
    /// The id the store gives `data`.
    static func of(_ data: Data) -> ObjectID {
        ObjectID(trusted: data.withUnsafeBytes { SHA256Hasher.hash($0) })
    }
}
