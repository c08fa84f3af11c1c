import Foundation
import GRDB

/// What `verify` found.
public struct VerifyReport: Sendable, Hashable {
    public var objectsChecked: Int
    public var referencesChecked: Int
    /// Leftover temporary files of interrupted writers (harmless; `gc` removes them).
    public var temporaries: Int
    /// One line per problem; empty when the store is consistent.
    public var problems: [String]

    public var isConsistent: Bool { problems.isEmpty }

    package init(objectsChecked: Int, referencesChecked: Int, temporaries: Int, problems: [String]) {
        self.objectsChecked = objectsChecked
        self.referencesChecked = referencesChecked
        self.temporaries = temporaries
        self.problems = problems
    }
}

/// An object some row (or manifest) refers to, and who refers to it.
package struct Reference: Sendable, Hashable {
    package var object: ObjectID
    package var holder: String

    package init(object: ObjectID, holder: String) {
        self.object = object
        self.holder = holder
    }

    /// A reference from a row's text column: a malformed id can never be present, so it
    /// is reported as missing.
    package init(_ text: String, holder: String) {
        self.init(object: ObjectID(hex: text) ?? ObjectID(trusted: text), holder: holder)
    }

    /// `references` with the files of every tracked manifest among them (those whose
    /// holder is a tracked path) added, and the manifests that could not be read; a
    /// manifest `isPresent` denies is left to be reported missing.
    package static func addingManifestEntries(
        _ references: [Reference], isPresent: (ObjectID) -> Bool, read: (ObjectID) throws(StoreError) -> Data
    ) -> (references: [Reference], problems: [String]) {
        var all = references
        var problems: [String] = []
        let manifests = Set(references.filter { $0.holder.hasPrefix(manifestHolder) }.map(\.object))
        for id in manifests.sorted() where isPresent(id) {
            do throws(StoreError) {
                let manifest = try Manifest.decode(try read(id), id: id)
                for entry in manifest.entries {
                    all.append(Reference(object: entry.object, holder: "'\(entry.path)' in manifest \(id.short)"))
                }
            } catch {
                problems.append(error.description)
            }
        }
        return (all, problems)
    }

    /// How a tracked version's manifest is named as a holder.
    package static let manifestHolder = "manifest of tracked"
}

extension Store {
    /// Checks the whole store: SQLite's own check, every object's hash against its
    /// name (loose objects and every object in every pack), and that every reference (run weights, artifacts, dataset bytes, tracked
    /// manifests and the files they list) points at an object that is present and sound.
    public func verify(threads: Int = 2) throws(StoreError) -> VerifyReport {
        var problems: [String] = []
        let check = try read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        if check != ["ok"] { problems += check.map { "database: \($0)" } }
        let foreign = try read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
        for row in foreign {
            problems.append(
                "database: a row of \(row[0] as String? ?? "?") refers to a missing row of \(row[2] as String? ?? "?")")
        }
        let (present, strays) = objects.inventory()
        problems += strays.map { "unexpected file in the object folder: \($0)" }
        var corrupt = Set<ObjectID>()
        let files = present.compactMap { id -> ScannedFile? in
            let path = objects.path(of: id)
            guard let info = FileIO.status(path) else { return nil }
            return ScannedFile(
                relativePath: id.hex, absolutePath: path, device: 0, inode: 0, size: Int64(info.st_size),
                mtimeNanoseconds: 0, mode: 0)
        }
        let hashed = try objects.ingest(files, threads: threads)
        for (file, result) in zip(files, hashed) where result.hex != file.relativePath {
            let id = ObjectID(trusted: file.relativePath)
            corrupt.insert(id)
            problems.append("object \(id) is corrupt: its content hashes to \(result) ('\(file.absolutePath)')")
        }
        let packed = objects.checkPacks(threads: threads)
        problems += packed.problems
        for item in packed.corrupt {
            problems.append("object \(item.id) is corrupt: its content hashes to \(item.actual) ('\(item.location)')")
        }
        // An object is sound if any copy of it (loose or in some pack) is.
        let sound = Set(present).subtracting(corrupt).union(packed.sound)
        let damaged = corrupt.union(packed.corrupt.map(\.id))
        let (references, manifestProblems) = try references()
        problems += manifestProblems
        for reference in references where !sound.contains(reference.object) {
            if damaged.contains(reference.object) {
                problems.append("object \(reference.object) is corrupt (\(reference.holder))")
            } else {
                problems.append("object \(reference.object) is missing (\(reference.holder))")
            }
        }
        return VerifyReport(
            objectsChecked: present.count + packed.objects, referencesChecked: references.count,
            temporaries: objects.temporaries().count, problems: problems)
    }

    /// Every object the database refers to, directly or through a tracked manifest or a
    /// labels version, and the manifests and labels versions that could not be read.
    func references() throws(StoreError) -> (references: [Reference], problems: [String]) {
        let references: [Reference] = try read { db in
            var found: [Reference] = []
            for row in try Row.fetchAll(db, sql: "SELECT id, weights FROM runs WHERE weights IS NOT NULL") {
                found.append(Reference(row["weights"], holder: "weights of run \(row["id"] as String)"))
            }
            for row in try Row.fetchAll(db, sql: "SELECT run_id, name, object_id FROM artifacts") {
                found.append(
                    Reference(
                        row["object_id"],
                        holder: "artifact '\(row["name"] as String)' of run \(row["run_id"] as String)"))
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT content_id, object_id FROM dataset_versions WHERE object_id IS NOT NULL")
            {
                found.append(
                    Reference(row["object_id"], holder: "bytes of dataset version \(row["content_id"] as String)"))
            }
            for row in try Row.fetchAll(db, sql: "SELECT DISTINCT manifest, path FROM tracked_versions") {
                found.append(
                    Reference(row["manifest"], holder: "\(Reference.manifestHolder) '\(row["path"] as String)'"))
            }
            return found
        }
        let (withManifests, problems) = Reference.addingManifestEntries(references, isPresent: objects.contains) {
            id throws(StoreError) in try objects.data(id)
        }
        let labels = try labelReferences()
        return (withManifests + labels.references, problems + labels.problems)
    }

}
