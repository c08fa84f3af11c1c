/// Reads the entry lines of a manifest's bytes (the format is in `Manifest`).
///
/// It works on the bytes rather than on split Strings: an unchanged `strata add` or
/// `strata status` of 10,000 files decodes the previous manifest every time, and the
/// String version spent most of their time here.
enum ManifestDecoder {
    struct Problem: Error {
        var reason: String
    }

    static func entries(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<[Manifest.Entry], Problem> {
        let header = Array((Manifest.header + "\n").utf8)
        guard bytes.starts(with: header) else {
            return .failure(Problem(reason: "missing header '\(Manifest.header)'"))
        }
        guard bytes.last == UInt8(ascii: "\n") else { return .failure(Problem(reason: "truncated (no final newline)")) }
        var entries: [Manifest.Entry] = []
        var position = header.count
        var line = 2
        while position < bytes.count {
            guard let entry = entry(bytes, from: &position) else {
                return .failure(Problem(reason: "line \(line) is malformed"))
            }
            entries.append(entry)
            line += 1
        }
        return .success(entries)
    }

    /// One line `<mode> <size> <id> <path>\n` starting at `position`, which moves past it.
    private static func entry(_ bytes: UnsafeBufferPointer<UInt8>, from position: inout Int) -> Manifest.Entry? {
        guard let mode = number(bytes, &position, radix: 8, maxDigits: 6),
            let size = number(bytes, &position, radix: 10, maxDigits: 18)
        else { return nil }
        let hexEnd = position + 64
        guard hexEnd < bytes.count, bytes[hexEnd] == UInt8(ascii: " "),
            bytes[position..<hexEnd].allSatisfy(ObjectID.isLowerHex)
        else { return nil }
        let hex = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<hexEnd]), as: UTF8.self)
        position = hexEnd + 1
        guard let newline = bytes[position...].firstIndex(of: UInt8(ascii: "\n")), newline > position,
            let raw = String(validating: UnsafeBufferPointer(rebasing: bytes[position..<newline]), as: UTF8.self)
        else { return nil }
        position = newline + 1
        return Manifest.Entry(
            path: Manifest.unescape(raw), size: Int64(size), mode: UInt32(mode),
            object: ObjectID(trusted: hex))
    }

    /// Digits up to the next space (which is consumed); nil if there are none or too many.
    private static func number(
        _ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, radix: Int,
        maxDigits: Int
    ) -> Int? {
        var value = 0
        var digits = 0
        while position < bytes.count, bytes[position] != UInt8(ascii: " ") {
            let digit = Int(bytes[position]) - Int(UInt8(ascii: "0"))
            guard digit >= 0, digit < radix, digits < maxDigits else { return nil }
            value = value * radix + digit
            digits += 1
            position += 1
        }
        guard digits > 0, position < bytes.count else { return nil }
        position += 1
        return value
    }
}
