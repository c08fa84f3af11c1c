import Foundation
import Testing

@testable import Data

/// The items `label` shows: their bytes and ids (known answers), the schema they share,
/// and the dataset `labels` rebuilds from them.
@Suite("labelling items")
struct LabelItemsTests {
    static func table() -> Dataset {
        Dataset(
            name: "t",
            columns: [
                Column(name: "x", values: .numeric([1.5, .nan, 1.5])),
                Column(name: "kind", values: .categorical(codes: [1, 0, -1], categories: ["a", "b"])),
            ],
            target: .classification(name: "y", labels: [0, 1, 0], classes: ["n", "p"]), rowCount: 3,
            lineage: Lineage(operation: "test"))
    }

    @Test func anItemsIdIsTheSHA256OfItsBytes() {
        let texts = LabelItems(texts: ["hi"])
        #expect(texts.bytes(at: 0) == Array("strata-label-item 1\n".utf8) + [1, 2, 0, 0, 0] + Array("hi".utf8))
        #expect(texts.ids == ["57333aba7cc9fef003289ff04c90d89a03134c8fef2db34944a0c861d2664f2b"])
        let rows = LabelItems(
            dataset: Dataset(
                name: "n",
                columns: [
                    Column(name: "x", values: .numeric([1.5])),
                    Column(name: "m", values: .numeric([.nan])),
                ],
                target: nil, rowCount: 1, lineage: Lineage(operation: "test")))
        #expect(rows.ids == ["fdd39a4837b0e02a70ec1401c574326476bd52561691129140cce0e84647f04e"])
    }

    @Test func equalContentHasEqualIdsWhateverItsOrderOrTarget() {
        let items = LabelItems(dataset: Self.table())
        #expect(items.count == 3)
        #expect(Set(items.ids).count == 3)
        var reordered = Self.table()
        reordered = reordered.gatherRows([2, 0, 1], lineage: reordered.lineage)
        reordered.target = nil
        #expect(LabelItems(dataset: reordered).ids == [items.ids[2], items.ids[0], items.ids[1]])
        // A text list and a dataset whose one column is that text are the same items.
        let column = Dataset(
            name: "c", columns: [Column(name: "text", values: .categorical(codes: [0], categories: ["hi"]))],
            target: nil, rowCount: 1, lineage: Lineage(operation: "test"))
        #expect(LabelItems(dataset: column).ids == LabelItems(texts: ["hi"]).ids)
        #expect(LabelItems(dataset: column).schema.presentation == .text)
        // A free-text column (as load_csv and dataset("sms_spam") make) shows as texts too, the same items.
        let messages = Dataset(
            name: "m", columns: [Column(name: "text", values: .text(["hi"]))], target: nil, rowCount: 1,
            lineage: Lineage(operation: "test"))
        #expect(LabelItems(dataset: messages).schema.presentation == .text)
        #expect(LabelItems(dataset: messages).ids == LabelItems(texts: ["hi"]).ids)
        #expect(LabelItems(dataset: messages).text(at: 0) == "hi")
        #expect(items.schema.presentation == .row)
    }

    @Test(arguments: [
        LabelSchema(presentation: .image, columns: [.init(name: "pixel0", kind: .number)], sampleShape: [1, 1, 1]),
        LabelSchema(
            presentation: .row, columns: [.init(name: "a b\\c\nd", kind: .category), .init(name: "n", kind: .number)]),
        LabelSchema(presentation: .text, columns: [.init(name: "text", kind: .category)]),
    ])
    func schemasReadBackAsWritten(_ schema: LabelSchema) throws {
        #expect(try LabelSchema.decode(schema.encoded()) == schema)
    }

    @Test func aDamagedSchemaIsAnError() {
        #expect(throws: LabelItemError.self) { try LabelSchema.decode(Array("nonsense\n".utf8)) }
        #expect(throws: LabelItemError.self) {
            try LabelSchema.decode(Array("strata-label-schema 1\npresentation row\nshape 1 2\n".utf8))
        }
    }

    @Test func labelledItemsComeBackAsADatasetWithALabelTarget() throws {
        let items = LabelItems(dataset: Self.table())
        let dataset = try LabelledDataset.make(
            schema: items.schema, items: [items.bytes(at: 2), items.bytes(at: 0)],
            labels: ["dog", "cat"], classes: ["dog", "cat", "bird"], name: "pets",
            lineage: Lineage(operation: "labels"))
        #expect(dataset.rowCount == 2)
        #expect(dataset.columns.map(\.name) == ["x", "kind"])
        #expect(dataset.columns[0].values == .numeric([1.5, 1.5]))
        #expect(dataset.columns[1].values == .categorical(codes: [-1, 0], categories: ["b"]))
        #expect(dataset.target == .classification(name: "label", labels: [2, 1], classes: ["bird", "cat", "dog"]))
        #expect(dataset.name == "pets")
    }

    @Test func imagesKeepTheirShapeAndATargetNameThatIsFree() throws {
        let images = Dataset(
            name: "img", columns: (0..<4).map { Column(name: "pixel\($0)", values: .numeric([Float($0)])) },
            target: nil, rowCount: 1, sampleShape: [1, 2, 2], lineage: Lineage(operation: "test"))
        let items = LabelItems(dataset: images)
        #expect(items.schema.presentation == .image)
        #expect(items.pixels(at: 0) == [0, 1, 2, 3])
        let dataset = try LabelledDataset.make(
            schema: items.schema, items: [items.bytes(at: 0)], labels: ["x"],
            classes: ["x"], name: "img", lineage: Lineage(operation: "labels"))
        #expect(dataset.sampleShape == [1, 2, 2])
        let clash = LabelSchema(presentation: .row, columns: [.init(name: "label", kind: .number)])
        let renamed = try LabelledDataset.make(
            schema: clash, items: [Array("strata-label-item 1\n".utf8) + [2]],
            labels: ["x"], classes: ["x"], name: "c", lineage: Lineage(operation: "l"))
        #expect(renamed.target?.columnName == "label_")
    }

    @Test func itemsThatDoNotMatchTheSchemaAreNamed() {
        let schema = LabelSchema(presentation: .row, columns: [.init(name: "n", kind: .number)])
        let header = Array("strata-label-item 1\n".utf8)
        for (bytes, reason) in [
            (header, "fewer values"), (header + [2, 2], "more values"), ([UInt8](), "header"),
            (header + [0, 1], "cut short"), (header + [1, 1, 0, 0, 0, 65], "another kind"),
        ] {
            #expect {
                try LabelledDataset.make(
                    schema: schema, items: [header + [2], bytes], labels: ["a", "a"], classes: ["a"],
                    name: "x", lineage: Lineage(operation: "l"))
            } throws: { error in
                guard case .invalidItem(let index, let message) = error as? LabelItemError else { return false }
                return index == 1 && message.contains(reason)
            }
        }
    }

    @Test func anImageIsEnlargedAndScaledIntoAPNG() throws {
        let png = try ImagePNG.encode(pixels: [0, 8, 16, 4], channels: 1, height: 2, width: 2, low: 0, high: 16)
        let decoded = try png.withUnsafeBytes { bytes throws(ImageDecodeFailure) in
            try ImageDecoder.decode(bytes, grayscale: false)
        }
        let factor = ImagePNG.minimumSide / 2
        #expect(decoded.width == 2 * factor && decoded.height == 2 * factor && decoded.channels == 1)
        #expect(decoded.pixels[0] == 0)
        #expect(decoded.pixels[factor] == 128)  // 8 of 0-16
        #expect(decoded.pixels[2 * factor - 1] == 128)
        #expect(decoded.pixels[factor * 2 * factor + factor] == 64)  // the bottom right source pixel, 4
        #expect(throws: ImageEncodeFailure.self) {
            try ImagePNG.encode(pixels: [1], channels: 1, height: 2, width: 2, low: 0, high: 1)
        }
    }
}
