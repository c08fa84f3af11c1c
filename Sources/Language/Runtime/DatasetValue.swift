import Data
import Foundation
import Render

/// A dataset as a Strata value: `type(ds)` is `"dataset"`, `len(ds)` its rows, `ds["col"]`
/// a column's values. It has one member, `.name`; everything else (`ds.describe()`, `ds.split(...)`) reaches the
/// data builtins through uniform call syntax, so members stay few on purpose.
public final class DatasetValue: NativeValue {
    public let dataset: Dataset
    /// Hashing every value is not free, so the id is computed once, when first asked.
    private var cachedContentID: String?

    public init(_ dataset: Dataset) {
        self.dataset = dataset
    }

    /// The dataset's content id (SHA-256, lowercase hex), as `version(ds)` gives it.
    public var contentID: String {
        if let cachedContentID { return cachedContentID }
        let id = dataset.contentID
        cachedContentID = id
        return id
    }

    public var typeName: String { "dataset" }

    public var memberNames: [String] { ["name"] }

    public func member(named name: String) -> Value? {
        name == "name" ? .string(dataset.name) : nil
    }

    public var length: Int? { dataset.rowCount }

    /// `ds["income"]`: the column's values as a list (the target's too), as `column`
    /// gives them. A string always means a column here, even one called "name".
    public func subscripted(by key: Value, span: SourceSpan) throws(RuntimeError) -> Value? {
        guard case .string(let name) = key else {
            throw .invalidIndex(
                message: "a dataset is indexed by a column name (a string), got a \(key.typeName)",
                span: span)
        }
        do throws(TransformError) {
            return try columnValues(name)
        } catch {
            throw .invalidIndex(message: error.message, span: span)
        }
    }

    /// The values of the column (or target) `name`: numbers as the decimals written,
    /// categories as strings, missing cells as nil.
    func columnValues(_ name: String) throws(TransformError) -> Value {
        .list(try dataset.cells(ofColumn: name).map(DatasetValue.value(of:)))
    }

    /// `dataset iris: 150 rows, 4 columns, classification (3 classes) of 'species'`.
    public var summary: String {
        "dataset \(dataset.name): " + DatasetValue.shapeText(dataset)
    }

    /// `150 rows, 4 columns, classification (3 classes) of 'species'`.
    static func shapeText(_ dataset: Dataset) -> String {
        let rows = dataset.rowCount == 1 ? "1 row" : "\(dataset.rowCount) rows"
        let columns = dataset.columns.count == 1 ? "1 column" : "\(dataset.columns.count) columns"
        var text = rows + ", " + columns
        if let shape = dataset.sampleShape {
            text += " (images " + shape.map(String.init).joined(separator: "x") + ")"
        }
        switch dataset.target {
        case .classification(let name, _, let classes):
            text += ", classification (\(classes.count) \(classes.count == 1 ? "class" : "classes")) of '\(name)'"
        case .regression(let name, _):
            text += ", regression of '\(name)'"
        case nil:
            text += ", no target"
        }
        return text
    }

    /// A cell as a Strata value: numbers as the decimal they were written as (a Float
    /// read as 5.1 is 5.1, not 5.099999904632568), categories as strings, missing as nil.
    static func value(of cell: CellValue) -> Value {
        switch cell {
        case .number(let number): return .number(decimal(number))
        case .text(let text): return .string(text)
        case .missing: return .nil
        }
    }

    /// The Double nearest to the Float's shortest decimal form (5.1 for the Float read
    /// from "5.1"). Tries 1 to 9 significant digits, the first that reads back as the
    /// same Float wins; `n / 10^k` with exact `n` and `10^k` is correctly rounded, so it
    /// is the same Double that parsing the digits gives, without making a String per
    /// cell (filter converts every cell of every row).
    static func decimal(_ number: Float) -> Double {
        let wide = Double(number)
        if number == number.rounded() || !number.isFinite { return wide }
        let magnitude = Int(log10(abs(wide)).rounded(.down))
        for digits in 1...9 {
            let shift = digits - 1 - magnitude
            guard shift >= 0, shift < powersOfTen.count else { break }
            let scale = powersOfTen[shift]
            let candidate = (wide * scale).rounded() / scale
            if Float(candidate) == number { return candidate }
        }
        return Double(number.description) ?? wide
    }

    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// A reader of rows as records (feature columns in order, then the target) for a
    /// pass over every row (`filter`). It fills a
    /// copy of one template record, so each row costs one copy of a dictionary of the
    /// right size instead of a dictionary grown field by field.
    func rowRecords() -> (Int) -> Record {
        let names = dataset.columns.map(\.name) + (dataset.target.map { [$0.columnName] } ?? [])
        let template = Record(names.map { ($0, Value.nil) })
        let dataset = dataset
        return { row in
            var record = template
            for (index, column) in dataset.columns.enumerated() {
                record[names[index]] = DatasetValue.value(of: column.cell(at: row))
            }
            if let target = dataset.target {
                record[names[names.count - 1]] = DatasetValue.value(of: target.cell(at: row))
            }
            return record
        }
    }
}
