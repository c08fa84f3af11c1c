/// Gives each distinct byte string a small integer id, in order of first appearance,
/// without making a String per lookup: keys live in one byte arena and an
/// open-addressing table maps hashes to ids. The CSV reader interns every text cell
/// through one of these, so a categorical column of a million rows allocates only
/// for its distinct values.
struct ByteInterner {
    private var arena: [UInt8] = []
    private var starts: [Int] = []
    private var lengths: [Int32] = []
    private var hashes: [UInt64] = []
    /// Slots hold id + 1; 0 marks an empty slot.
    private var slots: [Int32] = Array(repeating: 0, count: 64)

    /// The number of distinct keys.
    var count: Int { starts.count }

    /// The id of `bytes`, adding it if new.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let id = Int(entry - 1)
            if hashes[id] == hash, equals(id, bytes) { return Int32(id) }
            slot = (slot + 1) & mask
        }
        let id = Int32(starts.count)
        starts.append(arena.count)
        lengths.append(Int32(bytes.count))
        hashes.append(hash)
        arena.append(contentsOf: bytes)
        slots[slot] = id + 1
        if starts.count * 2 > slots.count { grow() }
        return id
    }

    /// The bytes of key `id`.
    func key(_ id: Int) -> ArraySlice<UInt8> {
        arena[starts[id]..<(starts[id] + Int(lengths[id]))]
    }

    /// Whether key `id` is valid UTF-8.
    func isValidUTF8(_ id: Int) -> Bool {
        key(id).withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) != nil }
    }

    /// The key `id` as text (invalid UTF-8 becomes U+FFFD).
    func string(_ id: Int) -> String {
        String(decoding: key(id), as: UTF8.self)
    }

    /// Forgets every key, keeping the allocated capacity.
    mutating func removeAll() {
        arena.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        for index in slots.indices { slots[index] = 0 }
    }

    private func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(lengths[id]) == bytes.count else { return false }
        let start = starts[id]
        return arena.withUnsafeBufferPointer { arena in
            for index in 0..<bytes.count where arena[start + index] != bytes[index] { return false }
            return true
        }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = Array(repeating: 0, count: capacity)
        let mask = capacity - 1
        for id in 0..<starts.count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id + 1)
        }
    }

    /// FNV-1a, then a final mix so the low bits used for slots depend on every byte.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
