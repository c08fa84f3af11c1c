import Foundation

/// How Strata splits free text into tokens, the same way everywhere (`tokens`,
/// `vectorize`, `describe`, the server): the text is lowercased with Unicode's full
/// case mapping (unless `lowercase` is false), and a token is a longest run of letters,
/// combining marks and digits of any script; everything else (spaces, punctuation,
/// symbols, emoji) separates tokens and is dropped. It is Keras' default
/// `TextVectorization` standardization (lowercase, strip punctuation, split on
/// whitespace) without its ASCII-only idea of punctuation, and unlike scikit-learn's
/// default pattern it keeps one-character tokens ("u", "2").
public struct TextTokenizer: Sendable, Equatable {
    public var lowercase: Bool

    public init(lowercase: Bool = true) {
        self.lowercase = lowercase
    }

    /// The tokens of `text`, in order.
    public func tokens(_ text: String) -> [String] {
        var result: [String] = []
        forEachToken(text) { result.append($0) }
        return result
    }

    /// Calls `body` with each token of `text`, in order, without collecting them.
    public func forEachToken(_ text: String, _ body: (String) -> Void) {
        let source = lowercase ? Self.lowercased(text) : text
        var current = String.UnicodeScalarView()
        for scalar in source.unicodeScalars {
            if Self.isWordScalar(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                body(String(current))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { body(String(current)) }
    }

    /// Calls `body` with the UTF-8 bytes of each token of `text`, in order: the same
    /// tokens as `forEachToken`, for counting without a `String` per token. The text is
    /// cut at ASCII bytes that are not letters or digits (they separate tokens whatever
    /// surrounds them); a piece of ASCII letters and digits is a token, lowercased in a
    /// buffer, and only a piece holding other scalars goes through `forEachToken`, each
    /// of its tokens in Unicode's composed form (NFC), so tokens a `String` holds equal
    /// have equal bytes.
    func forEachTokenBytes(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { utf8 in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(utf8.count, 1)) { buffer in
                var start = -1
                var isASCII = true
                func finish(_ end: Int) {
                    defer {
                        start = -1
                        isASCII = true
                    }
                    guard start >= 0 else { return }
                    let piece = UnsafeBufferPointer(rebasing: buffer[start..<end])
                    guard !isASCII else { return body(piece) }
                    // Lowercasing maps scalar by scalar, so a piece between separators
                    // splits and lowercases as it would within the whole text.
                    forEachToken(String(decoding: piece, as: UTF8.self)) { token in
                        // Below U+0300 there are no combining marks: such a token is NFC.
                        guard token.unicodeScalars.contains(where: { $0.value >= 0x300 }) else {
                            var token = token
                            return token.withUTF8(body)
                        }
                        var composed = token.precomposedStringWithCanonicalMapping
                        composed.withUTF8(body)
                    }
                }
                for (index, byte) in utf8.enumerated() {
                    let isUpper = byte &- 0x41 < 26
                    if isUpper || byte &- 0x61 < 26 || byte &- 0x30 < 10 {
                        buffer[index] = lowercase && isUpper ? byte | 0x20 : byte
                    } else if byte >= 0x80 {
                        buffer[index] = byte
                        isASCII = false
                    } else {
                        finish(index)
                        continue
                    }
                    if start < 0 { start = index }
                }
                finish(utf8.count)
            }
        }
    }

    /// `text` lowercased; ASCII text (most of it) without Foundation's full mapping.
    private static func lowercased(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
        }
        return text.lowercased()
    }

    /// Letters, marks and digits of any script.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 0x30 && value <= 0x39) || (value >= 0x61 && value <= 0x7A)
                || (value >= 0x41 && value <= 0x5A)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark,
            .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
