#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses decimal numbers straight from CSV bytes, without making a String: the
/// digits become an integer mantissa and a power of ten, which is exact in Double
/// for up to 15-16 significant digits and powers up to 10^22 (Clinger's fast path);
/// longer mantissas and larger exponents fall back to `strtod`. The result is
/// rounded once more to Float, as `pandas.read_csv(...).astype("float32")` does.
enum NumberParser {
    /// The result of scanning a number prefix.
    struct Prefix {
        /// The value, if the bytes scanned form a complete number.
        var value: Double
        /// Where scanning stopped (the first byte that is not part of the number).
        var end: UnsafePointer<UInt8>
    }

    /// 10^0 ... 10^22, every one exact in Double.
    static let powersOfTen: [Double] = {
        var powers = [1.0]
        for _ in 1...22 { powers.append(powers.last! * 10) }
        return powers
    }()

    /// Scans a number at `start` (optional leading spaces, sign, digits, fraction,
    /// exponent), stopping at the first byte that cannot continue it. Returns nil if
    /// no digits were found. Trailing spaces are skipped, so `end` points at what
    /// follows the field's number (a delimiter, a line end or a stray byte).
    /// `powers` is `powersOfTen`, passed in by hot loops so that reading it costs
    /// no lazy-initialisation check per call.
    @inline(__always)
    static func scanPrefix(
        _ start: UnsafePointer<UInt8>, _ limit: UnsafePointer<UInt8>,
        powers: UnsafePointer<Double>
    ) -> Prefix? {
        var p = start
        while p < limit, p.pointee == 0x20 || p.pointee == 0x09 { p += 1 }
        let numberStart = p
        var negative = false
        if p < limit, p.pointee == UInt8(ascii: "-") || p.pointee == UInt8(ascii: "+") {
            negative = p.pointee == UInt8(ascii: "-")
            p += 1
        }
        // Leading zeros carry no information; skipping them first lets the digit
        // count alone decide whether the mantissa is exact.
        let zerosStart = p
        while p < limit, p.pointee == UInt8(ascii: "0") { p += 1 }
        var sawDigit = p > zerosStart
        var mantissa: UInt64 = 0
        let integerStart = p
        digitRuns(&p, limit, &mantissa)
        var digits = p - integerStart
        var exponent = 0
        if p < limit, p.pointee == UInt8(ascii: ".") {
            p += 1
            let fractionStart = p
            if digits == 0 {
                while p < limit, p.pointee == UInt8(ascii: "0") { p += 1 }
            }
            let significantStart = p
            digitRuns(&p, limit, &mantissa)
            exponent = fractionStart - p
            digits += p - significantStart
            sawDigit = sawDigit || p > fractionStart
        }
        sawDigit = sawDigit || digits > 0
        guard sawDigit else { return nil }
        if p < limit, p.pointee | 0x20 == UInt8(ascii: "e") {
            var q = p + 1
            var negativeExponent = false
            if q < limit, q.pointee == UInt8(ascii: "-") || q.pointee == UInt8(ascii: "+") {
                negativeExponent = q.pointee == UInt8(ascii: "-")
                q += 1
            }
            var explicit = 0
            let exponentStart = q
            while q < limit {
                let d = q.pointee &- 0x30
                if d > 9 { break }
                if explicit < 100_000 { explicit = explicit * 10 + Int(d) }
                q += 1
            }
            // "1e" or "1e+" is not a number; leave `p` at the "e" so the caller sees a word.
            if q > exponentStart {
                exponent += negativeExponent ? -explicit : explicit
                p = q
            }
        }
        let numberEnd = p
        while p < limit, p.pointee == 0x20 || p.pointee == 0x09 { p += 1 }

        var value: Double
        if digits > 19 {
            // The mantissa wrapped: only strtod can round this correctly.
            return Prefix(value: strtodFallback(numberStart, numberEnd), end: p)
        } else if mantissa == 0 {
            value = 0
        } else if mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let m = Double(mantissa)
            value = exponent < 0 ? m / powers[-exponent] : m * powers[exponent]
        } else {
            return Prefix(value: strtodFallback(numberStart, numberEnd), end: p)
        }
        if negative { value = -value }
        return Prefix(value: value, end: p)
    }

    /// Appends the decimal digits at `p` to `mantissa` (wrapping beyond 19 digits;
    /// callers count the digits), eight at a time: a word of eight bytes is checked
    /// and converted with a few integer operations, which avoids a branch per digit.
    @inline(__always)
    static func digitRuns(_ p: inout UnsafePointer<UInt8>, _ limit: UnsafePointer<UInt8>, _ mantissa: inout UInt64) {
        while limit - p >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
            let values = word &- 0x3030_3030_3030_3030
            // A byte's top bit is set here unless it is a digit. A borrow or carry
            // only moves towards later bytes, past the first non-digit, so the
            // leading digits are classified correctly.
            let nonDigits = (values | (values &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080
            let count = nonDigits == 0 ? 8 : nonDigits.trailingZeroBitCount >> 3
            if count == 0 { return }
            // Keep the leading `count` digits and move them to the top, so the
            // word reads as an eight-digit number with leading zeros.
            var digits = count == 8 ? values : (values &<< UInt64(64 - 8 * count))
            digits = ((digits & 0x0F0F_0F0F_0F0F_0F0F) &* 2561) >> 8
            digits = ((digits & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
            digits = ((digits & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
            mantissa = mantissa &* decimalScales[count] &+ digits
            p += count
            if count < 8 { return }
        }
        while p < limit {
            let d = p.pointee &- 0x30
            if d > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            p += 1
        }
    }

    /// 10^0 ... 10^8 as integers, indexed by a run's digit count.
    @inline(__always)
    private static var decimalScales: DecimalScales { DecimalScales() }

    /// `scanPrefix` with the shared table of powers.
    static func scanPrefix(_ start: UnsafePointer<UInt8>, _ limit: UnsafePointer<UInt8>) -> Prefix? {
        powersOfTen.withUnsafeBufferPointer { scanPrefix(start, limit, powers: $0.baseAddress!) }
    }

    struct DecimalScales {
        @inline(__always)
        subscript(_ count: Int) -> UInt64 {
            switch count {
            case 0: 1
            case 1: 10
            case 2: 100
            case 3: 1000
            case 4: 10000
            case 5: 100_000
            case 6: 1_000_000
            case 7: 10_000_000
            default: 100_000_000
            }
        }
    }

    /// Parses the whole of `[start, end)` as a number (spaces around it allowed),
    /// including the words `inf`/`infinity` with an optional sign, which pandas also
    /// reads as numbers. Nil if the bytes are anything else.
    static func parseWhole(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Double? {
        if let prefix = scanPrefix(start, end), prefix.end == end { return prefix.value }
        return infinity(start, end)
    }

    /// `inf`, `infinity` (any case, optional sign, spaces around): the value; else nil.
    static func infinity(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Double? {
        var p = start
        var q = end
        while p < q, p.pointee == 0x20 || p.pointee == 0x09 { p += 1 }
        while q > p, (q - 1).pointee == 0x20 || (q - 1).pointee == 0x09 { q -= 1 }
        var negative = false
        if p < q, p.pointee == UInt8(ascii: "-") || p.pointee == UInt8(ascii: "+") {
            negative = p.pointee == UInt8(ascii: "-")
            p += 1
        }
        let word = UnsafeBufferPointer(start: p, count: q - p).map { $0 | 0x20 }
        guard word.elementsEqual("inf".utf8) || word.elementsEqual("infinity".utf8) else { return nil }
        return negative ? -.infinity : .infinity
    }

    /// The NUL-terminated copy `strtod` needs; numbers are short, so a stack buffer.
    private static func strtodFallback(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Double {
        let count = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: start, byteCount: count)
            buffer[count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    /// Whether `[start, end)` is one of pandas' default missing-value spellings
    /// (`""`, `NA`, `NaN`, `nan`, `null`, `NULL`, `N/A`, `#N/A`, `None`, `<NA>`, ...).
    @inline(__always)
    static func isMissing(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Bool {
        let count = end - start
        if count == 0 { return true }
        if count > 8 { return false }
        let first = start.pointee
        // Only these bytes begin a missing spelling; the common case is one compare.
        guard
            first == UInt8(ascii: "N") || first == UInt8(ascii: "n") || first == UInt8(ascii: "#")
                || first == UInt8(ascii: "<") || first == UInt8(ascii: "-") || first == UInt8(ascii: "1")
        else { return false }
        let bytes = UnsafeBufferPointer(start: start, count: count)
        return missingSpellings.contains { $0.elementsEqual(bytes) }
    }

    /// pandas' `STR_NA_VALUES` (pandas 2.x/3.x), as bytes.
    static let missingSpellings: [[UInt8]] = [
        "NA", "NaN", "nan", "null", "NULL", "N/A", "n/a", "#N/A", "#NA", "NaN", "-NaN", "-nan",
        "None", "<NA>", "1.#IND", "-1.#IND", "1.#QNAN", "-1.#QNAN", "#N/A N/A",
    ].map { Array($0.utf8) }
}
