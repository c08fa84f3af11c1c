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

    package init(
        removedObjects: Int = 0, removedBytes: Int64 = 0, keptObjects: Int = 0, recentUnreferenced: Int = 0,
        removedTemporaries: Int = 0
    ) {
        self.removedObjects = removedObjects
        self.removedBytes = removedBytes
        self.keptObjects = keptObjects
        self.recentUnreferenced = recentUnreferenced
        self.removedTemporaries = removedTemporaries
    }
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
        var report = GarbageReport(
            removedObjects: 0, removedBytes: 0, keptObjects: 0, recentUnreferenced: 0,
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

    /// Packs: one whose objects are all unreferenced is removed; one holding some is
    /// rewritten without them (as restic's prune does); and packs a quarter full or less
    /// are merged into one (as `git gc` packs loose objects), so many small adds do not
    /// leave many small packs to list. A pack touched within the grace period is left
    /// whole, as a loose object would be.
    private func collectPacks(
        referenced: Set<ObjectID>, gracePeriod: TimeInterval, now: TimeInterval,
        report: inout GarbageReport
    ) throws(StoreError) {
        let live = Set(referenced.map(RawObjectID.init))
        var changed = false
        var small: [(path: String, keep: [Pack.Entry], dead: [Pack.Entry])] = []
        var rewrite: [(path: String, keep: [Pack.Entry], dead: [Pack.Entry])] = []
        for (name, entries) in objects.packs.snapshot().packs {
            let path = objects.packs.path(ofPack: name)
            let keep = entries.filter { live.contains($0.id) }
            let dead = entries.filter { !live.contains($0.id) }
            report.keptObjects += entries.count  // less what is removed, below
            guard let info = FileIO.status(path), now - Double(info.st_mtim.tv_sec) >= gracePeriod else {
                report.recentUnreferenced += dead.count
                continue
            }
            if keep.isEmpty {
                guard unlink(path) == 0 || errno == ENOENT else {
                    throw .io(action: "remove", path: path, reason: FileIO.reason())
                }
                changed = true
                Self.count(removed: dead, in: &report)
            } else if keep.reduce(0, { $0 + $1.length }) <= Int64(ObjectStore.packSize / 4) {
                small.append((path, keep, dead))
            } else if !dead.isEmpty {
                rewrite.append((path, keep, dead))
            }
        }
        // One small pack alone is merged with nothing: rewritten only if it holds garbage.
        if small.count == 1 {
            if !small[0].dead.isEmpty { rewrite.append(small[0]) }
            small = []
        }
        for group in rewrite.map({ [$0] }) + (small.isEmpty ? [] : [small]) {
            let removed = Set(try objects.repack(group.map { ($0.path, $0.keep) }))
            changed = true
            for pack in group where removed.contains(pack.path) {
                Self.count(removed: pack.dead, in: &report)
            }
            for pack in group where !removed.contains(pack.path) {
                report.recentUnreferenced += pack.dead.count  // freshened while it was being rewritten
            }
        }
        if changed {
            try FileIO.syncDirectory(objects.packFolder)
            objects.packs.refresh(.always)
        }
    }

    private static func count(removed: [Pack.Entry], in report: inout GarbageReport) {
        report.removedObjects += removed.count
        report.removedBytes += removed.reduce(0) { $0 + $1.length }
        report.keptObjects -= removed.count
    }
}
