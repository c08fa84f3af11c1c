import Digest

/// The items a labelling session shows one at a time: the rows of a dataset (images,
/// or rows of values) or a list of texts, each with a stable id.
///
/// An item's id is the SHA-256 of its bytes (below), so the same image, text or row has
/// the same id in every session and on every machine: labels given before a restart
/// find their items again, whatever order or dataset the items come in next time. The
/// bytes are also what the store keeps of a labelled item.
///
/// Item bytes: `strata-label-item 1\n`, then each column's value in schema order: a
/// number as `0x00` and Float32 little-endian; a category as `0x01`, its UTF-8 length
/// as UInt32 little-endian, and its UTF-8; a missing value as `0x02`. The dataset's own
/// target is not part of an item: the labels take its place.
public struct LabelItems: Sendable {
    public let schema: LabelSchema
    /// Each item's id (64 lowercase hex characters), in item order.
    public let ids: [String]
    /// The items' values: the feature columns only.
    private let features: [Column]

    static let header = Array("strata-label-item 1\n".utf8)

    /// The rows of `dataset`: shown as images when it has an image shape, as texts when
    /// its only column is text, else as rows.
    public init(dataset: Dataset) {
        let columns = dataset.columns
        let presentation: LabelSchema.Presentation
        if let shape = dataset.sampleShape, shape.count == 3 {
            presentation = .image
        } else if columns.count == 1, columns[0].isCategorical || columns[0].isText {
            presentation = .text
        } else {
            presentation = .row
        }
        let schema = LabelSchema(
            presentation: presentation,
            columns: columns.map { .init(name: $0.name, kind: $0.isCategorical || $0.isText ? .category : .number) },
            sampleShape: presentation == .image ? dataset.sampleShape : nil)
        self.init(schema: schema, features: columns, count: dataset.rowCount)
    }

    /// Texts, one item each, as a dataset with one text column `text` would hold them.
    public init(texts: [String]) {
        let categories = Array(Set(texts)).sorted()
        var codes: [String: Int32] = [:]
        for (index, category) in categories.enumerated() { codes[category] = Int32(index) }
        let column = Column(
            name: "text",
            values: .categorical(
                codes: texts.map { codes[$0] ?? ColumnValues.missingCode },
                categories: categories))
        self.init(
            schema: LabelSchema(presentation: .text, columns: [.init(name: "text", kind: .category)]),
            features: [column], count: texts.count)
    }

    private init(schema: LabelSchema, features: [Column], count: Int) {
        self.schema = schema
        self.features = features
        var ids: [String] = []
        ids.reserveCapacity(count)
        var buffer: [UInt8] = []
        for row in 0..<count {
            buffer.removeAll(keepingCapacity: true)
            Self.writeItem(features, row: row, into: &buffer)
            ids.append(buffer.withUnsafeBytes { SHA256Hasher.hash($0) })
        }
        self.ids = ids
    }

    public var count: Int { ids.count }

    /// The bytes of item `index` (their SHA-256 is `ids[index]`).
    public func bytes(at index: Int) -> [UInt8] {
        var buffer: [UInt8] = []
        Self.writeItem(features, row: index, into: &buffer)
        return buffer
    }

    /// Item `index` as named cells, for showing a row.
    public func cells(at index: Int) -> [(name: String, value: CellValue)] {
        features.map { (name: $0.name, value: $0.cell(at: index)) }
    }

    /// The text of item `index` when the items are texts (the first column's value).
    public func text(at index: Int) -> String {
        guard let column = features.first else { return "" }
        switch column.cell(at: index) {
        case .text(let text): return text
        case .number(let number): return String(number)
        case .missing: return ""
        }
    }

    /// The pixel values of item `index` (`channels * height * width` of them) when the
    /// items are images.
    public func pixels(at index: Int) -> [Float] {
        features.map { $0.numberOrNaN(at: index) }
    }

    /// The range images are shown in, the same for every item so equal values look
    /// equal: from 0 (or the lowest value when some are negative) to the highest value,
    /// so images loaded as 0-255, scaled to 0-1, or digits' 0-16 all fill the gray scale.
    public func pixelRange() -> (low: Float, high: Float) {
        var low: Float = 0
        var high: Float = 0
        for column in features {
            let values: ArraySlice<Float>
            switch column.values {
            case .numeric(let numbers): values = numbers[...]
            case .sparse(let sparse): values = sparse.values + [0]
            case .categorical, .text: continue
            }
            for value in values where value.isFinite {
                low = min(low, value)
                high = max(high, value)
            }
        }
        return (low, high > low ? high : low + 1)
    }

    private static func writeItem(_ columns: [Column], row: Int, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: header)
        for column in columns {
            switch column.values {
            case .numeric, .sparse:
                let value = column.numberOrNaN(at: row)
                if value.isNaN {
                    buffer.append(2)
                } else {
                    buffer.append(0)
                    withUnsafeBytes(of: value.bitPattern.littleEndian) { buffer.append(contentsOf: $0) }
                }
            case .categorical(let codes, let categories):
                let code = codes[row]
                guard code >= 0 else {
                    buffer.append(2)
                    continue
                }
                appendString(categories[Int(code)], to: &buffer)
            case .text(let strings):
                // The same bytes as a category holding that string: the item's id does not
                // depend on whether load_csv saw the column as text.
                appendString(strings[row], to: &buffer)
            }
        }
    }

    /// A present string cell: tag 1, its UTF-8 length (UInt32, little-endian), its bytes.
    private static func appendString(_ text: String, to buffer: inout [UInt8]) {
        let utf8 = Array(text.utf8)
        buffer.append(1)
        withUnsafeBytes(of: UInt32(utf8.count).littleEndian) { buffer.append(contentsOf: $0) }
        buffer.append(contentsOf: utf8)
    }
}
