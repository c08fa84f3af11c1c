import Foundation
import PostgresNIO
import Store
import Synchronization

/// `strata store verify` and `gc` on the team store: the rows' references against the
/// bucket's objects, each object read back (which checks its hash).
extension PostgresStore {
    /// Checks every object in the bucket against its id, and that every reference (run
    /// weights, artifacts, dataset bytes, tracked manifests and the files they list)
    /// names an object that is present and sound. `jobs` objects are read at once.
    public func verify(jobs: Int = 16) throws(StoreError) -> VerifyReport {
        let stored = try objects.storedObjects()
        let ids = stored.map(\.id)
        let corrupt = Mutex<[ObjectID: String]>([:])
        try objects.readObjects(ids, jobs: jobs) { id, result throws(StoreError) in
            switch result {
            case .success: break
            case .failure(.objectCorrupt(_, let actual, _)): corrupt.withLock { $0[id] = actual }
            // Listed a moment ago and gone now (a concurrent gc): reported below if referenced.
            case .failure: break
            }
        }
        let damaged = corrupt.withLock { $0 }
        var problems = damaged.keys.sorted().map { id in
            "object \(id) is corrupt: its content hashes to \(damaged[id] ?? "?") (in the bucket)"
        }
        let sound = Set(ids).subtracting(damaged.keys)
        let (references, manifestProblems) = try references(present: sound)
        problems += manifestProblems
        for reference in references where !sound.contains(reference.object) {
            let state = damaged[reference.object] == nil ? "missing" : "corrupt"
            problems.append("object \(reference.object) is \(state) (\(reference.holder))")
        }
        return VerifyReport(
            objectsChecked: ids.count, referencesChecked: references.count, temporaries: 0,
            problems: problems)
    }

    /// Removes objects no row or tracked manifest refers to. Objects written within
    /// `gracePeriod` seconds are kept: another writer may have just stored one and not
    /// yet committed the row naming it (an object is durable before a row names it).
    /// Refuses to run if a manifest cannot be read, since what it lists is unknown.
    public func collectGarbage(gracePeriod: TimeInterval = 3600) throws(StoreError) -> GarbageReport {
        let stored = try objects.storedObjects()
        let (references, problems) = try references(present: Set(stored.map(\.id)))
        if let problem = problems.first { throw .garbageCollectionRefused(problem) }
        let referenced = Set(references.map(\.object))
        let now = Date()
        var report = GarbageReport()
        var doomed = Set<ObjectID>()
        for object in stored {
            if referenced.contains(object.id) {
                report.keptObjects += 1
            } else if now.timeIntervalSince(object.modified) < gracePeriod {
                report.recentUnreferenced += 1
                report.keptObjects += 1
            } else {
                doomed.insert(object.id)
                report.removedObjects += 1
                report.removedBytes += object.size
            }
        }
        try objects.removeObjects(doomed)
        return report
    }

    /// Every object the rows refer to, directly or through a tracked manifest among
    /// `present`, and the manifests that could not be read.
    private func references(present: Set<ObjectID>) throws(StoreError)
        -> (references: [Reference], problems: [String])
    {
        var found: [Reference] = []
        for row in try bridge.rows("SELECT id, weights FROM runs WHERE weights IS NOT NULL") {
            let (run, weights) = try PostgresStore.decode(row, offset: 0) { c in
                (try c[0].decode(String.self), try c[1].decode(String.self))
            }
            found.append(Reference(weights, holder: "weights of run \(run)"))
        }
        for row in try bridge.rows("SELECT run_id, name, object_id FROM artifacts") {
            let (run, name, object) = try PostgresStore.decode(row, offset: 0) { c in
                (try c[0].decode(String.self), try c[1].decode(String.self), try c[2].decode(String.self))
            }
            found.append(Reference(object, holder: "artifact '\(name)' of run \(run)"))
        }
        for row in try bridge.rows("SELECT content_id, object_id FROM dataset_versions WHERE object_id IS NOT NULL") {
            let (version, object) = try PostgresStore.decode(row, offset: 0) { c in
                (try c[0].decode(String.self), try c[1].decode(String.self))
            }
            found.append(Reference(object, holder: "bytes of dataset version \(version)"))
        }
        for row in try bridge.rows("SELECT DISTINCT manifest, path FROM tracked_versions") {
            let (manifest, path) = try PostgresStore.decode(row, offset: 0) { c in
                (try c[0].decode(String.self), try c[1].decode(String.self))
            }
            found.append(Reference(manifest, holder: "\(Reference.manifestHolder) '\(path)'"))
        }
        let objects = self.objects
        return Reference.addingManifestEntries(found, isPresent: present.contains) { id throws(StoreError) in
            try objects.object(id)
        }
    }
}
