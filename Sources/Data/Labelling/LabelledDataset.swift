/// The dataset `labels(name)` returns: the labelled items rebuilt from their stored
/// bytes, with their labels as a classification target, ready for `split` and `fit`.
public enum LabelledDataset {
    /// Rows in the order of `items`; the target is named `label` (or `label_`, ... when
    /// a column already has that name), its classes `classes` sorted.
    /// - Parameters:
    ///   - items: each labelled item's bytes (`LabelItems`' format).
    ///   - labels: each item's class, one of `classes`.
    public static func make(
        schema: LabelSchema, items: [[UInt8]], labels: [String], classes: [String],
        name: String, lineage: Lineage
    ) throws(LabelItemError) -> Dataset {
        var numbers = schema.columns.map { _ in [Float]() }
        var texts = schema.columns.map { _ in [String?]() }
        for (index, item) in items.enumerated() {
            var reader = ItemReader(bytes: item, index: index)
            try reader.readHeader()
            for (position, column) in schema.columns.enumerated() {
                let cell = try reader.readCell()
                switch (column.kind, cell) {
                case (.number, .number(let value)): numbers[position].append(value)
                case (.number, .missing): numbers[position].append(.nan)
                case (.category, .text(let text)): texts[position].append(text)
                case (.category, .missing): texts[position].append(nil)
                case (.number, .text), (.category, .number):
                    throw .invalidItem(index: index, reason: "column '\(column.name)' holds a value of another kind")
                }
            }
            guard reader.atEnd else {
                throw .invalidItem(index: index, reason: "more values than the schema's columns")
            }
        }
        let columns = schema.columns.enumerated().map { position, column -> Column in
            switch column.kind {
            case .number:
                return Column(name: column.name, values: .numeric(numbers[position]))
            case .category:
                let categories = Array(Set(texts[position].compactMap { $0 })).sorted()
                var codes: [String: Int32] = [:]
                for (code, category) in categories.enumerated() { codes[category] = Int32(code) }
                return Column(
                    name: column.name,
                    values: .categorical(
                        codes: texts[position].map { $0.flatMap { codes[$0] } ?? ColumnValues.missingCode },
                        categories: categories))
            }
        }
        let sorted = Array(Set(classes).union(labels)).sorted()
        var classCodes: [String: Int32] = [:]
        for (code, name) in sorted.enumerated() { classCodes[name] = Int32(code) }
        var targetName = "label"
        while schema.columns.contains(where: { $0.name == targetName }) { targetName += "_" }
        let target = Target.classification(
            name: targetName, labels: labels.map { classCodes[$0] ?? -1 },
            classes: sorted)
        return Dataset(
            name: name, columns: columns, target: target, rowCount: items.count,
            sampleShape: schema.sampleShape, lineage: lineage)
    }
}

/// Reads one item's bytes cell by cell.
private struct ItemReader {
    let bytes: [UInt8]
    let index: Int
    var offset = 0

    var atEnd: Bool { offset == bytes.count }

    mutating func readHeader() throws(LabelItemError) {
        guard bytes.starts(with: LabelItems.header) else {
            throw .invalidItem(index: index, reason: "it does not start with the item header")
        }
        offset = LabelItems.header.count
    }

    mutating func readCell() throws(LabelItemError) -> CellValue {
        guard offset < bytes.count else {
            throw .invalidItem(index: index, reason: "fewer values than the schema's columns")
        }
        let tag = bytes[offset]
        offset += 1
        switch tag {
        case 0:
            return .number(Float(bitPattern: try readUInt32()))
        case 1:
            let length = Int(try readUInt32())
            guard offset + length <= bytes.count else {
                throw .invalidItem(index: index, reason: "a text is cut short")
            }
            defer { offset += length }
            return .text(String(decoding: bytes[offset..<(offset + length)], as: UTF8.self))
        case 2:
            return .missing
        default:
            throw .invalidItem(index: index, reason: "unknown value tag \(tag)")
        }
    }

    private mutating func readUInt32() throws(LabelItemError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw .invalidItem(index: index, reason: "a value is cut short") }
        var value: UInt32 = 0
        for shift in 0..<4 { value |= UInt32(bytes[offset + shift]) << (8 * shift) }
        offset += 4
        return value
    }
}
