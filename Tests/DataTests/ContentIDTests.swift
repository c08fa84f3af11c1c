import Testing

@testable import Data

@Suite("Content ids")
struct ContentIDTests {
    static let lineage = Lineage(operation: "test")

    /// The example of Docs/DatasetFormat.md.
    static let example = Dataset(
        name: "example",
        columns: [
            Column(name: "x", values: .numeric([1.5, .nan])),
            Column(name: "c", values: .categorical(codes: [1, -1], categories: ["a", "b"])),
        ],
        target: .classification(name: "y", labels: [0, 1], classes: ["no", "yes"]),
        rowCount: 2, lineage: lineage)

    /// Known answers computed by the Python reference in Docs/DatasetFormat.md.
    @Test func knownAnswers() {
        #expect(Self.example.contentID == "d47c206471f6b539fe2c3d9713bef7afe6f5b8be0e925b59d6386f9a40108b7d")
        let shaped = Dataset(
            name: "shaped",
            columns: [
                Column(name: "p0", values: .numeric([0, -0.0, 3.25])),
                Column(name: "p1", values: .numeric([.nan, 1e-3, -2.5])),
            ],
            target: .regression(name: "t", values: [1, 2, .nan]),
            rowCount: 3, sampleShape: [1, 1, 2], lineage: Self.lineage)
        #expect(shaped.contentID == "97459c604d709c9eadcfa0ddc9b531b0f9ac7973ce7ac413e692708ded7747b6")
        let empty = Dataset(name: "e", columns: [], target: nil, rowCount: 0, lineage: Self.lineage)
        #expect(empty.contentID == "c39a013d499cfba217bdb123cd98a51d42bb772b7e114b15ce65e8b687421c52")
        let unicode = Dataset(
            name: "u", columns: [Column(name: "é", values: .categorical(codes: [0], categories: ["ünï"]))],
            target: nil, rowCount: 1, lineage: Self.lineage)
        #expect(unicode.contentID == "0e74fa616df318fee5093b0c10b20719d5775406e3a22e3434e71b978a4a900b")
    }

    /// Ids of bundled data as computed by pandas.read_csv and the Python reference
    /// (values cast to float32, classes sorted; digits' classes are its digits).
    @Test(arguments: [
        ("iris", "4e808c385a6e262050ce42eaf10768e739e94e4a398a02a842469d6d2326725d"),
        ("digits", "eee7f531a3f6d218eb269c1d83e4894108fda8efa47196e3e8aec4d5f34488e7"),
    ])
    func bundledKnownAnswers(name: String, id: String) throws {
        #expect(try BundledDatasets.load(name).contentID == id)
    }

    @Test func canonicalBytesOfTheExample() {
        var bytes: [UInt8] = []
        Self.example.writeCanonicalBytes { bytes.append(contentsOf: $0) }
        let hex = bytes.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        #expect(
            hex == "110000007374726174612e646174617365742e763102000000000000000002000000010000007800"
                + "010000006301020000000100000061010000006201010000007902000000020000006e6f03000000796573"
                + "0000c03f0000c07f01000000ffffffff0000000001000000")
    }

    @Test func nameAndLineageDoNotCount() {
        var other = Self.example
        other.name = "renamed"
        other.lineage = Lineage(sources: [.init(path: "/x", sha256: "00", size: 1)], operation: "load_csv")
        #expect(other.contentID == Self.example.contentID)
    }

    @Test func everyNaNIsTheSame() {
        var other = Self.example
        other.columns[0].values = .numeric([1.5, Float(bitPattern: 0xFFC0_0001)])
        #expect(other.contentID == Self.example.contentID)
    }

    enum Change: String, CaseIterable, Sendable {
        case value, columnName, category, code, rowOrder, targetLabel, className, targetName, sampleShape, dropTarget
    }

    @Test(arguments: Change.allCases)
    func sensitivity(_ change: Change) {
        var other = Self.example
        switch change {
        case .value: other.columns[0].values = .numeric([1.5000001, .nan])
        case .columnName: other.columns[0].name = "X"
        case .category: other.columns[1].values = .categorical(codes: [1, -1], categories: ["a", "c"])
        case .code: other.columns[1].values = .categorical(codes: [0, -1], categories: ["a", "b"])
        case .rowOrder:
            other.columns[0].values = .numeric([.nan, 1.5])
            other.columns[1].values = .categorical(codes: [-1, 1], categories: ["a", "b"])
            other.target = .classification(name: "y", labels: [1, 0], classes: ["no", "yes"])
        case .targetLabel: other.target = .classification(name: "y", labels: [1, 1], classes: ["no", "yes"])
        case .className: other.target = .classification(name: "y", labels: [0, 1], classes: ["no", "ja"])
        case .targetName: other.target = .classification(name: "z", labels: [0, 1], classes: ["no", "yes"])
        case .sampleShape: other.sampleShape = [1, 2]
        case .dropTarget: other.target = nil
        }
        #expect(other.contentID != Self.example.contentID)
    }

    @Test func loadedDataHasAStableId() throws {
        let files = TestFiles()
        let a = try CSVLoader.load(path: files.write("a.csv", "x,c,y\n1.5,b,no\nNA,,yes\n"), target: "y")
        let b = try CSVLoader.load(path: files.write("b.csv", "x,c,y\r\n1.50,\"b\",no\r\nnan,NA,yes\r\n"), target: "y")
        // The loaded data is the example's, except that 'c' has only the category "b".
        #expect(a.contentID == b.contentID)
        #expect(a.contentID.count == 64)
        #expect(a.lineage.sources[0].sha256 != b.lineage.sources[0].sha256)
    }

    @Test func fileHashKnownAnswer() throws {
        let files = TestFiles()
        let result = try sha256Hex(ofFile: files.write("abc", "abc"))
        #expect(result.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(result.size == 3)
        let big = try sha256Hex(ofFile: files.write("big", bytes: [UInt8](repeating: 0x61, count: 3_000_000)))
        // python3 -c "import hashlib; print(hashlib.sha256(b'a' * 3000000).hexdigest())"
        #expect(big.sha256 == "2a152c894398719c0570f83fac34ac03a0f6e8e474b995c2403aa5434f7b9dd4")
    }
}
