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
