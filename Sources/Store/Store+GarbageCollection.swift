import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `collectGarbage` did.
public struct GarbageReport: Sendable, Hashable {
    public var removedObjects: Int
    public var removedBytes: Int64
    public var keptObjects: Int
    /// Unreferenced objects younger than the grace period, left for now.
    public var recentUnreferenced: Int
    public var removedTemporaries: Int
}

extension Store {
    /// Removes objects nothing refers to, and writers' leftover temporary files.
    ///
    /// Objects (and temporaries) younger than `gracePeriod` seconds are kept: another
    /// process may have just written one and not yet committed the row that refers to
    /// it. Refuses to run if a manifest cannot be read, since what it lists is unknown.
    public func collectGarbage(gracePeriod: TimeInterval = 3600) throws(StoreError) -> GarbageReport {
        let (references, problems) = try references()
        if let problem = problems.first { throw .garbageCollectionRefused(problem) }
        let referenced = Set(references.map(\.object))
        let now = Date().timeIntervalSince1970
        var report = GarbageReport(removedObjects: 0, removedBytes: 0, keptObjects: 0, recentUnreferenced: 0,
                                   removedTemporaries: 0)
        for id in objects.inventory().objects {
            if referenced.contains(id) {
                report.keptObjects += 1
                continue
            }
            guard let info = FileIO.status(objects.path(of: id)) else { continue }
            if now - Double(info.st_mtim.tv_sec) < gracePeriod {
                report.recentUnreferenced += 1
                report.keptObjects += 1
                continue
            }
            try objects.remove(id)
            report.removedObjects += 1
            report.removedBytes += Int64(info.st_size)
        }
        try collectPacks(referenced: referenced, gracePeriod: gracePeriod, now: now, report: &report)
        for temporary in objects.temporaries() where temporary.age >= gracePeriod {
            if unlink(temporary.path) == 0 { report.removedTemporaries += 1 }
        }
        objects.removeEmptyStagingFolders(olderThan: gracePeriod)
        return report
    }

    /// Packs: one whose objects are all unreferenced is removed, one with some is
    /// rewritten without them (as restic's prune does), one with none is left alone.
    /// A pack touched within the grace period is left whole, as a loose object would be.
    private func collectPacks(referenced: Set<ObjectID>, gracePeriod: TimeInterval, now: TimeInterval,
                              report: inout GarbageReport) throws(StoreError) {
        let live = Set(referenced.map(RawObjectID.init))
        var changed = false
        for (name, entries) in objects.packs.snapshot().packs {
            let path = objects.packs.path(ofPack: name)
            let keep = entries.filter { live.contains($0.id) }
            let dead = entries.count - keep.count
            report.keptObjects += keep.count
            guard dead > 0 else { continue }
            guard let info = FileIO.status(path), now - Double(info.st_mtim.tv_sec) >= gracePeriod else {
                report.recentUnreferenced += dead
                report.keptObjects += dead
                continue
            }
            if keep.isEmpty {
                guard unlink(path) == 0 || errno == ENOENT else {
                    throw .io(action: "remove", path: path, reason: FileIO.reason())
                }
            } else if try !objects.repack(path, keeping: keep) {
                report.recentUnreferenced += dead  // freshened while it was being rewritten
                report.keptObjects += dead
                changed = true
                continue
            }
            changed = true
            report.removedObjects += dead
            report.removedBytes += entries.filter { !live.contains($0.id) }.reduce(0) { $0 + $1.length }
        }
        if changed {
            try FileIO.syncDirectory(objects.packFolder)
            objects.packs.refresh(.always)
        }
    }
}
