import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Where each packed object is: the indexes of the packs in `objects/packs/`, read once
/// and kept in memory, and read again when the folder changes.
///
/// Other processes add packs (and `gc` replaces them) while this one runs, so a lookup
/// that misses can ask for the folder to be listed again. Whether it changed is told by
/// the folder's mtime, which is cheap but coarse (a clock tick): callers for whom a miss
/// matters (reading an object) ask for a full listing instead; callers for whom a miss
/// only means storing a duplicate (deduplication while adding) do not.
final class PackCatalog: Sendable {
    /// An object's bytes inside a pack file.
    struct Location: Sendable, Hashable {
        var pack: String
        var offset: Int64
        var length: Int64
    }

    /// How hard a lookup that misses looks again.
    enum Refresh {
        /// Use what is loaded.
        case never
        /// List the folder again if its mtime moved.
        case ifChanged
        /// List the folder again.
        case always
    }

    private struct Slot {
        var pack: Int32
        var offset: Int64
        var length: Int64
    }

    private struct State {
        /// Loaded packs by name, with their entries; `names[slot.pack]` is a slot's pack.
        var entries: [String: [Pack.Entry]] = [:]
        var names: [String] = []
        var numbers: [String: Int32] = [:]
        var map: [RawObjectID: Slot] = [:]
        /// Packs whose index could not be read or does not match their name, and why.
        var damaged: [String: StoreError] = [:]
        var stamp: timespec?
    }

    let folder: String
    private let state = Mutex(State())

    init(folder: String) {
        self.folder = folder
    }

    func path(ofPack name: String) -> String { folder + "/" + name + Pack.fileExtension }

    /// The pack holding `id`, if a loaded (or, per `refresh`, newly listed) pack does.
    func locate(_ id: ObjectID, refresh: Refresh) -> Location? {
        let raw = RawObjectID(id)
        if let found = lookup(raw) { return found }
        guard refresh != .never else { return nil }
        self.refresh(refresh)
        return lookup(raw)
    }

    /// Lists the folder again (`.ifChanged`: only if its mtime moved).
    func refresh(_ how: Refresh) {
        switch how {
        case .never: return
        case .ifChanged: reload(force: false)
        case .always: reload(force: true)
        }
    }

    /// Adds a pack this process has just installed, without listing the folder.
    func register(name: String, entries: [Pack.Entry]) {
        state.withLock { state in Self.insert(name, entries, into: &state) }
    }

    /// Every pack in the folder now, with its entries, and the damaged ones with why.
    func snapshot() -> (packs: [(name: String, entries: [Pack.Entry])], damaged: [(name: String, error: StoreError)]) {
        reload(force: true)
        return state.withLock { state in
            (
                state.entries.keys.sorted().map { ($0, state.entries[$0]!) },
                state.damaged.keys.sorted().map { ($0, state.damaged[$0]!) }
            )
        }
    }

    private func lookup(_ raw: RawObjectID) -> Location? {
        state.withLock { state in
            state.map[raw].map {
                Location(pack: path(ofPack: state.names[Int($0.pack)]), offset: $0.offset, length: $0.length)
            }
        }
    }

    /// Lists the folder and loads the packs not loaded yet; forgets packs that are gone.
    private func reload(force: Bool) {
        var info = Glibc.stat()
        guard stat(folder, &info) == 0 else { return }
        let stamp = info.st_mtim
        let unchanged = state.withLock { state in
            state.stamp.map { $0.tv_sec == stamp.tv_sec && $0.tv_nsec == stamp.tv_nsec } ?? false
        }
        if unchanged && !force { return }
        let present = Set(
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).compactMap(Pack.name(ofFile:)))
        let known = state.withLock { state in Set(state.entries.keys).union(state.damaged.keys) }
        var loaded: [(String, Result<[Pack.Entry], StoreError>)] = []
        for name in present.subtracting(known) {
            loaded.append((name, Result { () throws(StoreError) in try Self.load(path(ofPack: name), name: name) }))
        }
        state.withLock { state in
            state.stamp = stamp
            for (name, result) in loaded {
                switch result {
                case .success(let entries): Self.insert(name, entries, into: &state)
                case .failure(let error): state.damaged[name] = error
                }
            }
            let gone = Set(state.entries.keys).union(state.damaged.keys).subtracting(present)
            guard !gone.isEmpty else { return }
            for name in gone {
                state.entries[name] = nil
                state.damaged[name] = nil
            }
            // A pack went (gc replaced it): its slots may be anywhere in the map, so rebuild it.
            let (kept, damaged) = (state.entries, state.damaged)
            state = State(damaged: damaged, stamp: stamp)
            for name in kept.keys.sorted() { Self.insert(name, kept[name]!, into: &state) }
        }
    }

    private static func insert(_ name: String, _ entries: [Pack.Entry], into state: inout State) {
        guard state.entries[name] == nil else { return }
        let number = Int32(state.names.count)
        state.names.append(name)
        state.numbers[name] = number
        state.entries[name] = entries
        for entry in entries where state.map[entry.id] == nil {
            state.map[entry.id] = Slot(pack: number, offset: entry.offset, length: entry.length)
        }
    }

    /// A pack's entries, after checking that its index hashes to its name.
    private static func load(_ path: String, name: String) throws(StoreError) -> [Pack.Entry] {
        let fd = try FileIO.open(path, O_RDONLY, action: "open pack")
        defer { close(fd) }
        let (entries, indexHash) = try Pack.readIndex(fd, path: path)
        guard indexHash == name else {
            throw .damagedPack(path: path, reason: "its index hashes to \(indexHash), not to its name")
        }
        return entries
    }
}
