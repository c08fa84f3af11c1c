import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The subset of POSIX ustar that bundles use: regular files only, names under 100
/// bytes, each member a 512-byte header, its bytes, zero padding to 512; two zero
/// blocks end the archive. `tar -tf bundle.tar` lists it.
struct TarWriter: ~Copyable {
    private let fd: Int32
    let path: String

    init(path: String) throws(StoreError) {
        self.path = path
        fd = try FileIO.open(path, O_WRONLY | O_CREAT | O_TRUNC, action: "create bundle")
    }

    deinit { close(fd) }

    /// Writes a member whose bytes are in memory.
    func add(name: String, data: Data) throws(StoreError) {
        try writeHeader(name: name, size: Int64(data.count))
        try FileIO.writeAll(fd, data, path: path)
        try pad(Int64(data.count))
    }

    /// Writes a member copied from `size` bytes of a file at `offset`, a buffer at a time.
    func add(
        name: String, file: String, offset: Int64 = 0, size: Int64,
        buffer: UnsafeMutableRawBufferPointer
    ) throws(StoreError) {
        try writeHeader(name: name, size: size)
        let input = try FileIO.open(file, O_RDONLY, action: "open")
        defer { close(input) }
        var remaining = size
        while remaining > 0 {
            let want = Int(min(Int64(buffer.count), remaining))
            let count = try FileIO.readFully(
                input, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]),
                at: offset + size - remaining, path: file)
            guard count == want else {
                throw .io(action: "read", path: file, reason: "the file shrank while being read")
            }
            try FileIO.writeAll(fd, UnsafeRawBufferPointer(rebasing: buffer[0..<count]), path: path)
            remaining -= Int64(count)
        }
        try pad(size)
    }

    /// The end-of-archive marker, then fsync.
    func finish() throws(StoreError) {
        try FileIO.writeAll(fd, Data(count: 1024), path: path)
        try FileIO.fsync(fd, path: path)
    }

    private func pad(_ size: Int64) throws(StoreError) {
        let remainder = Int(size % 512)
        if remainder != 0 { try FileIO.writeAll(fd, Data(count: 512 - remainder), path: path) }
    }

    private func writeHeader(name: String, size: Int64) throws(StoreError) {
        try FileIO.writeAll(fd, TarWriter.header(name: name, size: size), path: path)
    }

    static func header(name: String, size: Int64) -> Data {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { block[offset + index] = byte }
        }
        put(name, at: 0, width: 100)
        put("0000444", at: 100, width: 8)
        put("0000000", at: 108, width: 8)
        put("0000000", at: 116, width: 8)
        put(String(format: "%011llo", UInt64(size)), at: 124, width: 12)
        put(String(format: "%011llo", UInt64(Date().timeIntervalSince1970)), at: 136, width: 12)
        put("        ", at: 148, width: 8)
        block[156] = UInt8(ascii: "0")
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        let checksum = block.reduce(0) { $0 + Int($1) }
        put(String(format: "%06o", checksum), at: 148, width: 6)
        block[154] = 0
        block[155] = UInt8(ascii: " ")
        return Data(block)
    }
}

/// Reads the members of a ustar archive in order.
struct TarReader: ~Copyable {
    private let fd: Int32
    let path: String

    init(path: String) throws(StoreError) {
        self.path = path
        fd = try FileIO.open(path, O_RDONLY, action: "open bundle")
    }

    deinit { close(fd) }

    /// The next member's name and size, or nil at the end of the archive.
    mutating func next() throws(StoreError) -> (name: String, size: Int64)? {
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 8)
        defer { raw.deallocate() }
        let count = try FileIO.readFully(fd, into: raw, path: path)
        let block = Array(raw)
        if count == 0 { return nil }
        guard count == 512 else { throw .invalidBundle("truncated header") }
        if block.allSatisfy({ $0 == 0 }) { return nil }
        let stored = Int(TarReader.field(block, 148, 8).trimmingCharacters(in: .whitespaces), radix: 8)
        var sum = 0
        for (index, byte) in block.enumerated() { sum += (148..<156).contains(index) ? 32 : Int(byte) }
        guard stored == sum else { throw .invalidBundle("a header's checksum does not match") }
        guard block[156] == UInt8(ascii: "0") || block[156] == 0 else {
            throw .invalidBundle("a member is not a regular file")
        }
        let name = TarReader.field(block, 0, 100)
        guard let size = Int64(TarReader.field(block, 124, 12).trimmingCharacters(in: .whitespaces), radix: 8) else {
            throw .invalidBundle("a header's size is unreadable")
        }
        return (name, size)
    }

    /// Reads the current member's bytes (and its padding), passing them in pieces.
    func read(
        size: Int64, buffer: UnsafeMutableRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws(StoreError) -> Void
    )
        throws(StoreError)
    {
        var remaining = size
        while remaining > 0 {
            let want = Int(min(Int64(buffer.count), remaining))
            let count = try FileIO.readFully(
                fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), path: path)
            guard count == want else { throw .invalidBundle("truncated member") }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            remaining -= Int64(count)
        }
        let padding = Int((512 - size % 512) % 512)
        if padding > 0 {
            let count = try FileIO.readFully(
                fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<padding]), path: path)
            guard count == padding else { throw .invalidBundle("truncated member") }
        }
    }

    private static func field(_ block: [UInt8], _ offset: Int, _ width: Int) -> String {
        let bytes = block[offset..<offset + width].prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
