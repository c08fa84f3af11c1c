/// Decoding of string literal text (`"a\n\"b\""`), shared by the lexer (which reports
/// bad escapes) and by `Token.stringValue`.
package enum StringLiteral {
    /// An escape the language does not know, at `offset` scalars into the literal text.
    struct BadEscape: Equatable {
        var offset: Int
        var length: Int
        var escape: String
    }

    /// Decodes literal text that starts with `"`; the closing quote may be missing.
    /// Unknown escapes stay in the value as written and are listed in `badEscapes`.
    static func decode(_ text: String) -> (value: String, badEscapes: [BadEscape]) {
        var value = String.UnicodeScalarView()
        var bad: [BadEscape] = []
        let scalars = Array(text.unicodeScalars)
        var i = 1  // past the opening quote
        while i < scalars.count {
            let c = scalars[i]
            if c == "\"" { break }
            if c == "\\" {
                guard i + 1 < scalars.count else { break }  // a lone `\` at the end of an unterminated literal
                let e = scalars[i + 1]
                switch e {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "\"": value.append("\"")
                case "\\": value.append("\\")
                default:
                    value.append(c)
                    value.append(e)
                    bad.append(BadEscape(offset: i, length: 2, escape: "\\" + String(e)))
                }
                i += 2
                continue
            }
            value.append(c)
            i += 1
        }
        return (String(value), bad)
    }

    /// True when the literal text ends with an unescaped closing quote.
    static func isTerminated(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var i = 1
        while i < scalars.count {
            if scalars[i] == "\\" { i += 2; continue }
            if scalars[i] == "\"" { return i == scalars.count - 1 }
            i += 1
        }
        return false
    }

    /// The literal text that reads back as `value`: the inverse of `decode`.
    package static func quote(_ value: String) -> String {
        var out = "\""
        for c in value.unicodeScalars {
            switch c {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
