import Digest
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Checking and rewriting pack files, for `verify` and `gc`.
extension ObjectStore {
    /// What checking every pack found.
    struct PackCheck {
        /// Objects whose bytes in some pack hash to their id.
        var sound = Set<ObjectID>()
        /// Objects whose bytes in some pack do not, with what they hash to and where.
        var corrupt: [(id: ObjectID, actual: String, location: String)] = []
        /// Packs that could not be read, and files in the pack folder that are not packs.
        var problems: [String] = []
        var objects = 0
    }

    /// Hashes every object of every pack (a pack per worker at a time) against its id.
    func checkPacks(threads: Int) -> PackCheck {
        let (packs, damaged) = self.packs.snapshot()
        var result = PackCheck()
        result.problems = damaged.map { "\($0.error)" }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: packFolder)) ?? []
        where Pack.name(ofFile: name) == nil {
            result.problems.append("unexpected file in the object folder: \(packFolder)/\(name)")
        }
        let next = Atomic<Int>(0)
        let found = Mutex(result)
        WorkerThreads.run(count: max(1, min(threads, packs.count))) { _ in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
            defer { buffer.deallocate() }
            while true {
                let position = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard position < packs.count else { break }
                let path = self.packs.path(ofPack: packs[position].name)
                var local = PackCheck()
                do throws(StoreError) {
                    let fd = try FileIO.open(path, O_RDONLY, action: "open pack")
                    defer { close(fd) }
                    for entry in packs[position].entries.sorted(by: { $0.offset < $1.offset }) {
                        let id = entry.id.objectID
                        let actual = try Self.hash(fd, entry, path: path, buffer: buffer) { _ throws(StoreError) in }
                        if actual == id.hex {
                            local.sound.insert(id)
                        } else {
                            local.corrupt.append((id, actual, "\(path) at byte \(entry.offset)"))
                        }
                        local.objects += 1
                    }
                } catch {
                    local.problems.append("\(error)")
                }
                found.withLock { total in
                    total.sound.formUnion(local.sound)
                    total.corrupt += local.corrupt
                    total.problems += local.problems
                    total.objects += local.objects
                }
            }
        }
        return found.withLock { $0 }
    }

    /// Writes one new pack holding the `keep` entries of each pack in `sources` (each
    /// object checked against its id on the way), makes it durable, then removes the old
    /// packs. A corrupt object stops it, leaving the old packs as they were; a pack some
    /// writer freshened meanwhile is kept too (the writer may be about to record a row
    /// naming one of its dropped objects). Returns the paths of the packs removed.
    @discardableResult
    func repack(_ sources: [(path: String, keep: [Pack.Entry])]) throws(StoreError) -> [String] {
        try prepareFolders()
        let touched = sources.map { FileIO.status($0.path)?.st_mtim }
        let pool = BufferPool(chunkSize: ObjectStore.chunkSize, capacity: 2)
        let sink = ImmediateSink(pool: pool)
        let writer = try PackWriter(path: try temporaryFile(), pool: pool, sink: sink)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        let sealed: SealedPack
        do throws(StoreError) {
            for source in sources {
                let fd = try FileIO.open(source.path, O_RDONLY, action: "open pack")
                defer { close(fd) }
                for entry in source.keep.sorted(by: { $0.offset < $1.offset }) where !writer.contains(entry.id.objectID)
                {
                    let id = entry.id.objectID
                    _ = try writer.beginObject(reserving: 0)
                    let actual = try Self.hash(fd, entry, path: source.path, buffer: buffer) {
                        (piece) throws(StoreError) in
                        try writer.append(piece)
                    }
                    guard actual == id.hex else {
                        throw StoreError.objectCorrupt(
                            id, actual: actual, path: "\(source.path) at byte \(entry.offset)")
                    }
                    writer.endObject(id)
                }
            }
            sealed = try writer.seal()
        } catch {
            writer.abandon()
            throw error
        }
        let file = sealed.file
        do throws(StoreError) {
            defer { pool.give(sealed.tail) }
            try file.write(UnsafeRawBufferPointer(rebasing: sealed.tail.memory[0..<sealed.tailCount]))
            guard Glibc.fsync(file.fd) == 0 else {
                throw .io(action: "flush", path: file.path, reason: FileIO.reason())
            }
        } catch {
            file.remove()
            throw error
        }
        close(file.release())
        let final = packs.path(ofPack: sealed.name)
        if try !FileIO.renameUnlessPresent(file.path, final) { unlink(file.path) }
        // The new pack's name must be durable before an old one goes.
        try FileIO.syncDirectory(packFolder)
        var removed: [String] = []
        for (source, before) in zip(sources, touched) where source.path != final {
            let now = FileIO.status(source.path)?.st_mtim
            guard now?.tv_sec == before?.tv_sec, now?.tv_nsec == before?.tv_nsec else { continue }
            guard unlink(source.path) == 0 || errno == ENOENT else {
                throw .io(action: "remove", path: source.path, reason: FileIO.reason())
            }
            removed.append(source.path)
        }
        return removed
    }

    /// Hashes one packed object, passing its bytes to `sink`; returns the hex digest.
    private static func hash(
        _ fd: Int32, _ entry: Pack.Entry, path: String, buffer: UnsafeMutableRawBufferPointer,
        _ sink: (UnsafeRawBufferPointer) throws(StoreError) -> Void
    ) throws(StoreError) -> String {
        var hasher = SHA256Hasher()
        var done: Int64 = 0
        while done < entry.length {
            let want = Int(min(Int64(buffer.count), entry.length - done))
            let count = try FileIO.readFully(
                fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]),
                at: entry.offset + done, path: path)
            guard count > 0 else { throw .damagedPack(path: path, reason: "it ends inside object bytes") }
            let piece = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(piece)
            try sink(piece)
            done += Int64(count)
        }
        return hasher.finalizeHex()
    }
}

/// Writes each chunk at once, on the caller's thread (gc's repacking).
struct ImmediateSink: ChunkSink {
    let pool: BufferPool

    func write(_ file: DirectFile, _ chunk: Chunk, count: Int) throws(StoreError) {
        defer { pool.give(chunk) }
        try file.write(UnsafeRawBufferPointer(rebasing: chunk.memory[0..<count]))
    }

    func discard(_ file: DirectFile, _ chunk: Chunk?) {
        if let chunk { pool.give(chunk) }
        file.remove()
    }
}

/// Packs built in memory (objects pulled from another store).
extension ObjectStore {
    /// Writes `image` as a pack file, flushed, renamed into place and its name made
    /// durable before this returns, then known to the catalog.
    func install(_ image: PackImage) throws(StoreError) {
        try prepareFolders()
        let temporary = try temporaryFile()
        let fd = try FileIO.open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode: 0o444, action: "create pack file")
        do throws(StoreError) {
            defer { close(fd) }
            var failure: StoreError?
            image.bytes.withUnsafeBytes { bytes in
                do throws(StoreError) { try FileIO.writeAll(fd, bytes, path: temporary) } catch { failure = error }
            }
            if let failure { throw failure }
            try FileIO.fsync(fd, path: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        if try !FileIO.renameUnlessPresent(temporary, packs.path(ofPack: image.name)) { unlink(temporary) }
        try FileIO.syncDirectory(packFolder)
        packs.register(
            name: image.name,
            entries: image.entries.map {
                Pack.Entry(id: RawObjectID($0.id), offset: $0.offset, length: $0.length)
            })
    }
}
