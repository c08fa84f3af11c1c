import Foundation
import Testing

@testable import JupyterWire

struct JSONCodecTests {
    @Test(
        arguments: [
            (JSONValue.number(3), "3"),
            (.number(-42), "-42"),
            (.number(0), "0"),
            (.number(-0.0), "0"),
            (.number(0.1), "0.1"),
            (.number(-0.5), "-0.5"),
            (.number(123456789.125), "123456789.125"),
            (.number(9_007_199_254_740_991), "9007199254740991"),
            (.number(1e300), "1e+300"),
            (.number(.leastNonzeroMagnitude), "5e-324"),
            (.number(.nan), "null"),
            (.number(.infinity), "null"),
            (.bool(true), "true"),
            (.null, "null"),
            (.string("plain"), "\"plain\""),
            (.string("q\"b\\s/"), #""q\"b\\s/""#),
            (.string("l1\nl2\tt\r\u{08}\u{0C}"), #""l1\nl2\tt\r\b\f""#),
            (.string("\u{01}\u{1F}\u{7F}"), "\"\\u0001\\u001f\u{7F}\""),
            (.string("héllo ✓ 😀"), "\"héllo ✓ 😀\""),
            (.array([1, "a", nil, [true]]), #"[1,"a",null,[true]]"#),
            (.object(["b": 1, "a": ["z": [], "y": [:]]]), #"{"a":{"y":{},"z":[]},"b":1}"#),
        ] as [(JSONValue, String)])
    func encodes(_ value: JSONValue, _ expected: String) {
        #expect(value.jsonString == expected)
    }

    @Test(
        arguments: [
            (
                " {\"a\" : [1, 2.5, -3e2, true, false, null]} ",
                JSONValue.object(["a": [1, 2.5, -300, true, false, nil]])
            ),
            (#""\u00e9\ud83d\ude00\/\n""#, .string("é😀/\n")),
            (#""lone \ud800 surrogate""#, .string("lone \u{FFFD} surrogate")),
            ("NaN", .number(.nan)),
            ("-Infinity", .number(-.infinity)),
            ("12345678901234567890", .number(12_345_678_901_234_567_168)),
            ("-0", .number(-0.0)),
            ("0.30000000000000004", .number(0.30000000000000004)),
            ("[]", .array([])),
        ] as [(String, JSONValue)])
    func decodes(_ text: String, _ expected: JSONValue) throws {
        let value = try JSONParser.parse(text)
        if case .number(let n) = expected, n.isNaN {
            #expect(value.doubleValue?.isNaN == true)
        } else {
            #expect(value == expected)
        }
    }

    @Test(
        arguments: [
            ("", JSONParseError.unexpectedEnd),
            ("{\"a\":1", .unexpectedEnd),
            ("{\"a\" 1}", .unexpectedByte(UInt8(ascii: "1"), offset: 5)),
            ("[1,]", .unexpectedByte(UInt8(ascii: "]"), offset: 3)),
            ("{a:1}", .unexpectedByte(UInt8(ascii: "a"), offset: 1)),
            ("01", .trailingData(offset: 1)),
            ("1.", .invalidNumber(offset: 0)),
            ("-", .invalidNumber(offset: 0)),
            ("1e", .invalidNumber(offset: 0)),
            ("\"a\u{01}\"", .controlCharacterInString(offset: 2)),
            (#""\x""#, .invalidEscape(offset: 1)),
            (#""\u12g4""#, .invalidEscape(offset: 1)),
            ("tru", .unexpectedEnd),
            ("nul!", .unexpectedByte(UInt8(ascii: "n"), offset: 0)),
            ("{} {}", .trailingData(offset: 3)),
        ] as [(String, JSONParseError)])
    func rejects(_ text: String, _ expected: JSONParseError) {
        #expect(throws: expected) { try JSONParser.parse(text) }
    }

    @Test func rejectsNestingBeyondTheLimitWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.nestingTooDeep(offset: JSONParser.maximumDepth)) {
            try JSONParser.parse(deep)
        }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try JSONParser.parse(fine) }
    }

    @Test func roundTripsEveryKindOfValue() throws {
        var controls = ""
        for scalar in 0..<0x20 { controls.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        let value: JSONValue = [
            "controls": .string(controls), "unicode": "ünï 中文 𝄞 \u{2028}",
            "numbers": [0, 1, -1, 0.1, 1e-7, 1e21, -2.5e-300, 4503599627370496.5, 9_007_199_254_740_993],
            "nested": [["a": [nil, false]]], "empty": "",
        ]
        let decoded = try JSONParser.parse(value.jsonData)
        #expect(decoded == value)
    }

    @Test func interoperatesWithFoundation() throws {
        let value: JSONValue = ["text": "a\"\\\n\u{0}é", "n": [1, 2.75, -1e-9], "flag": true]
        let object = try JSONSerialization.jsonObject(with: value.jsonData) as? [String: Any]
        #expect(object?["text"] as? String == "a\"\\\n\u{0}é")
        let foundationBytes = try JSONSerialization.data(withJSONObject: ["k": ["x", 2, 0.5]])
        #expect(try JSONParser.parse(foundationBytes) == ["k": ["x", 2, 0.5]])
    }

    // A 1 MB base64-ish payload, as a PNG in display_data would be. Quadratic work on
    // it would run for hours; the limit turns that into a failure, not a stall.
    @Test(.timeLimit(.minutes(1)))
    func largeStringsRoundTrip() throws {
        let big = String(repeating: "iVBORw0KGgoAAAANSUhEUgAA/+=", count: 40_000)
        let value: JSONValue = ["data": ["image/png": .string(big)]]
        let data = value.jsonData
        #expect(data.count == big.utf8.count + #"{"data":{"image/png":""}}"#.utf8.count)
        #expect(try JSONParser.parse(data) == value)
    }
}
