import Foundation
import Testing

@testable import Store

@Suite struct ObjectStoreTests {
    /// Known answers: SHA-256 test vectors (FIPS 180-2) through the object path.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func knownAnswers(input: String, expected: String) throws {
        let folder = TemporaryFolder()
        let store = try Store.open(at: folder.path)
        let id = try store.putObject(Data(input.utf8))
        #expect(id.hex == expected)
        #expect(
            FileManager.default.fileExists(
                atPath: folder.path + "/objects/sha256/" + expected.prefix(2) + "/"
                    + expected.dropFirst(2)))
        #expect(try store.object(id) == Data(input.utf8))
    }

    @Test func aCopyOfAnObjectAnotherWriterInstalledIsDroppedAndNotCounted() throws {
        let folder = TemporaryFolder()
        let store = try Store.open(at: folder.path)
        let content = Data("the same bytes from two writers".utf8)
        let id = try store.putObject(content)
        let staged = try store.objects.temporaryFile()
        FileManager.default.createFile(atPath: staged, contents: content)
        let fresh = try store.objects.temporaryFile()
        FileManager.default.createFile(atPath: fresh, contents: Data("new".utf8))
        // SHA-256 of "new"
        let freshID = ObjectID(hex: "11507a0e2f5e69d5dfa40a62a1bd7b6ee57e6bcd85c67c9b8431b36fff21c437")!
        let installed = try store.objects.commit([.init(id: id, staged: staged), .init(id: freshID, staged: fresh)])
        #expect(installed == 1)
        #expect(!FileManager.default.fileExists(atPath: staged))
        #expect(try store.object(id) == content && store.object(freshID) == Data("new".utf8))
    }

    @Test func flippedByteIsFoundByVerifyAndNamedOnRead() throws {
        let folder = TemporaryFolder()
        let store = try Store.open(at: folder.path)
        let id = try store.putObject(Data("weights: 1 2 3".utf8))
        let path = store.objects.path(of: id)
        chmod(path, 0o644)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[3] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { try store.object(id) }
        do {
            _ = try store.object(id)
        } catch {
            #expect(error.description.contains(id.hex))
            guard case .objectCorrupt(let named, _, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(named == id)
        }
        let report = try store.verify()
        #expect(!report.isConsistent)
        #expect(report.problems.contains { $0.contains(id.hex) && $0.contains("corrupt") })
    }

    @Test func missingObjectIsTyped() throws {
        let folder = TemporaryFolder()
        let store = try Store.open(at: folder.path)
        let id = ObjectID(hex: String(repeating: "ab", count: 32))!
        #expect(throws: StoreError.objectMissing(id)) { try store.object(id) }
    }

    @Test(arguments: ["", "abc", "AB" + String(repeating: "0", count: 62), String(repeating: "g", count: 64)])
    func invalidIDs(text: String) {
        #expect(ObjectID(hex: text) == nil)
    }

    @Test func paramValueRoundTripsInOrder() {
        let value = ParamValue.record([
            ("z", .number(1)), ("a", .list([.string("x\n\"y\""), .bool(true), .null])),
            ("lr", .number(0.001)),
        ])
        #expect(value.json == #"{"z":1,"a":["x\n\"y\"",true,null],"lr":0.001}"#)
        #expect(ParamValue.parse(value.json) == value)
        #expect(ParamValue.parse("{\"a\":") == nil)
        // The project's one strict reader: no leading zeros, no trailing data, keys unique.
        #expect(ParamValue.parse("[01]") == nil && ParamValue.parse("1 2") == nil)
        #expect(ParamValue.parse(#"{"b":1,"a":2,"b":3}"#) == .record([("b", .number(3)), ("a", .number(2))]))
        #expect(ParamValue.parse(#"{"x":NaN}"#)?.numbers["x"]?.isNaN == true)
    }
}
