import Foundation

/// Terms (tokens, n-grams) numbered by their UTF-8 bytes, in the order first seen: the
/// counting behind `vectorize`. A `String` per token and a `Dictionary` keyed by it cost
/// an allocation or a SipHash per occurrence; here a term is a slice of a scratch buffer,
/// hashed with FNV-1a and stored once in one byte array.
struct TermTable {
    /// Every term's bytes, one after another.
    private var bytes: [UInt8] = []
    /// Term `id` is `bytes[starts[id]..<starts[id + 1]]`.
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Open addressing, linear probing: a term id, or -1 for an empty slot. Kept at most
    /// half full.
    private var slots: [Int32]

    var count: Int { hashes.count }

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
    }

    /// A table of `terms`, numbered in order (the first of equal terms wins).
    init<Terms: Collection<String>>(_ terms: Terms) {
        self.init(capacity: terms.count)
        for term in terms {
            var term = term
            term.withUTF8 { _ = intern($0) }
        }
    }

    /// The id of `key`, added when new.
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if hashes[Int(id)] == hash && matches(Int(id), key) { return id }
            slot = (slot + 1) & (slots.count - 1)
        }
        let id = Int32(count)
        slots[slot] = id
        hashes.append(hash)
        bytes.append(contentsOf: key)
        starts.append(bytes.count)
        if count * 2 > slots.count { grow() }
        return id
    }

    /// The id of `key`, nil when the table does not hold it.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while true {
            let id = slots[slot]
            if id < 0 { return nil }
            if hashes[Int(id)] == hash && matches(Int(id), key) { return id }
            slot = (slot + 1) & (slots.count - 1)
        }
    }

    /// Term `id` as a string.
    func term(_ id: Int32) -> String {
        String(decoding: bytes[starts[Int(id)]..<starts[Int(id) + 1]], as: UTF8.self)
    }

    /// `ids` in the order of their terms' bytes (UTF-8 byte order, which is Unicode
    /// scalar order, the order of `String`'s `<` on normalized text).
    func sortByBytes(_ ids: inout [Int32]) {
        bytes.withUnsafeBufferPointer { stored in
            starts.withUnsafeBufferPointer { starts in
                ids.sort { a, b in
                    let aStart = starts[Int(a)], aCount = starts[Int(a) + 1] - aStart
                    let bStart = starts[Int(b)], bCount = starts[Int(b) + 1] - bStart
                    let order = memcmp(stored.baseAddress! + aStart, stored.baseAddress! + bStart, min(aCount, bCount))
                    return order != 0 ? order < 0 : aCount < bCount
                }
            }
        }
    }

    private func matches(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[id]
        guard starts[id + 1] - start == key.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            for offset in 0..<key.count where stored[start &+ offset] != key[offset] { return false }
            return true
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(id)
        }
    }

    /// FNV-1a, then a finalizer so the low bits (the slot) depend on every byte.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        return hash ^ (hash >> 33)
    }
}
