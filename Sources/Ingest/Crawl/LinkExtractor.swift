/// The links of an HTML page a crawl may follow: `<a href>` and `<area href>`, and
/// `<img src>` and each candidate of `<img srcset>`, resolved against the page's URL
/// (or its `<base href>`), in document order, each once. Comments and the contents of
/// `<script>` and `<style>` are skipped; attribute values have their character
/// references decoded (`&amp;`, `&#47;`). Links that name no http(s) resource
/// (`mailto:`, `javascript:`, a bare `#fragment`) are left out.
///
/// A tolerant scanner rather than an HTML parser: it reads what browsers read from
/// well-formed pages and degrades gracefully on broken ones, which is all link
/// discovery needs.
public enum LinkExtractor {
    /// The links of `html`, read as UTF-8, found on the page at `page`.
    public static func links(in html: [UInt8], page: WebAddress) -> [WebAddress] {
        var scanner = Scanner(bytes: html)
        var base: WebAddress?
        var found: [WebAddress] = []
        var seen = Set<WebAddress>()
        while let tag = scanner.nextTag() {
            let references: [String]
            switch tag.name {
            case "base":
                if base == nil, let href = tag.attributes["href"] { base = page.resolving(href) }
                continue
            case "a", "area":
                references = tag.attributes["href"].map { [$0] } ?? []
            case "img":
                references = (tag.attributes["src"].map { [$0] } ?? []) + srcsetCandidates(tag.attributes["srcset"])
            default:
                continue
            }
            for reference in references where !reference.isEmpty && !reference.hasPrefix("#") {
                guard let address = (base ?? page).resolving(reference), seen.insert(address).inserted else { continue }
                found.append(address)
            }
        }
        return found
    }

    /// The URLs of a `srcset` (`a.png 1x, b.png 2x`): each candidate's first word.
    static func srcsetCandidates(_ srcset: String?) -> [String] {
        guard let srcset else { return [] }
        return srcset.split(separator: ",").compactMap { candidate in
            candidate.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.map(String.init)
        }
    }

    /// One start tag: its name and attributes, both names lowercased.
    struct Tag {
        var name: String
        var attributes: [String: String]
    }

    /// Walks the bytes from tag to tag.
    struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// The next start tag, or nil at the end.
        mutating func nextTag() -> Tag? {
            while let open = find(UInt8(ascii: "<"), from: position) {
                position = open + 1
                if starts(with: "!--", at: position) {
                    position = find("-->", from: position + 3).map { $0 + 3 } ?? bytes.count
                    continue
                }
                guard position < bytes.count, isLetter(bytes[position]) else {
                    // An end tag, a doctype, a processing instruction, or a stray `<`.
                    if position < bytes.count,
                        bytes[position] == UInt8(ascii: "/") || bytes[position] == UInt8(ascii: "!")
                            || bytes[position] == UInt8(ascii: "?")
                    {
                        position = find(UInt8(ascii: ">"), from: position).map { $0 + 1 } ?? bytes.count
                    }
                    continue
                }
                let tag = readTag()
                if tag.name == "script" || tag.name == "style" { skipRawText(until: tag.name) }
                return tag
            }
            position = bytes.count
            return nil
        }

        /// Reads a tag's name and attributes, leaving `position` after its `>`.
        private mutating func readTag() -> Tag {
            let nameStart = position
            while position < bytes.count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">"),
                bytes[position] != UInt8(ascii: "/")
            {
                position += 1
            }
            let name = lowercased(nameStart..<position)
            var attributes: [String: String] = [:]
            while position < bytes.count {
                skipSpaceAndSlashes()
                guard position < bytes.count, bytes[position] != UInt8(ascii: ">") else { break }
                let attributeStart = position
                while position < bytes.count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">"),
                    bytes[position] != UInt8(ascii: "="), bytes[position] != UInt8(ascii: "/")
                {
                    position += 1
                }
                let attribute = lowercased(attributeStart..<position)
                skipSpace()
                var value = ""
                if position < bytes.count, bytes[position] == UInt8(ascii: "=") {
                    position += 1
                    skipSpace()
                    value = readValue()
                }
                // The first of a repeated attribute wins, as in browsers.
                if !attribute.isEmpty, attributes[attribute] == nil {
                    attributes[attribute] = CharacterReferences.decode(value)
                }
            }
            if position < bytes.count { position += 1 }
            return Tag(name: name, attributes: attributes)
        }

        private mutating func readValue() -> String {
            guard position < bytes.count else { return "" }
            let quote = bytes[position]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                let start = position + 1
                let end = find(quote, from: start) ?? bytes.count
                position = min(end + 1, bytes.count)
                return String(decoding: bytes[start..<end], as: UTF8.self)
            }
            let start = position
            while position < bytes.count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">") {
                position += 1
            }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        /// Moves past the `</name` that ends a script or style element.
        private mutating func skipRawText(until name: String) {
            while let open = find(Array("</".utf8), from: position) {
                position = open + 2
                let end = position + name.utf8.count
                if end <= bytes.count, lowercased(position..<end) == name,
                    end == bytes.count || !isLetter(bytes[end])
                {
                    position = find(UInt8(ascii: ">"), from: end).map { $0 + 1 } ?? bytes.count
                    return
                }
            }
            position = bytes.count
        }

        private mutating func skipSpace() {
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
        }

        private mutating func skipSpaceAndSlashes() {
            while position < bytes.count, isSpace(bytes[position]) || bytes[position] == UInt8(ascii: "/") {
                position += 1
            }
        }

        private func find(_ byte: UInt8, from start: Int) -> Int? {
            guard start < bytes.count else { return nil }
            return bytes[start...].firstIndex(of: byte)
        }

        private func find(_ text: String, from start: Int) -> Int? { find(Array(text.utf8), from: start) }

        private func find(_ needle: [UInt8], from start: Int) -> Int? {
            var index = start
            while let candidate = find(needle[0], from: index) {
                if candidate + needle.count <= bytes.count,
                    bytes[candidate..<(candidate + needle.count)].elementsEqual(needle)
                {
                    return candidate
                }
                index = candidate + 1
            }
            return nil
        }

        private func starts(with text: String, at index: Int) -> Bool {
            let needle = Array(text.utf8)
            return index + needle.count <= bytes.count && bytes[index..<(index + needle.count)].elementsEqual(needle)
        }

        private func lowercased(_ range: Range<Int>) -> String {
            String(decoding: bytes[range].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
        }

        private func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }

        private func isSpace(_ byte: UInt8) -> Bool {
            byte == 32 || byte == 9 || byte == 10 || byte == 13 || byte == 12
        }
    }
}
