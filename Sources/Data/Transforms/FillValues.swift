import TextFormat

/// What `fillna` puts into each feature column's missing cells, by column name: a
/// number for a numeric column, a category for a categorical one. Computed once (from
/// the training split, with `using:`) and kept, so the same fills can be applied to
/// other data later (a run's preprocessing, at predict and evaluate).
///
/// A filled dataset records its fills in its lineage (`lineageParameters`), one
/// parameter per column, so they can be read back from the dataset alone
/// (`init?(lineage:)`).
public struct FillValues: Sendable, Equatable {
    /// The value one column's missing cells get.
    public enum Fill: Sendable, Equatable {
        case number(Float)
        case category(String)
    }

    /// One column's fill.
    public struct Entry: Sendable, Equatable {
        public var column: String
        public var fill: Fill

        public init(column: String, fill: Fill) {
            self.column = column
            self.fill = fill
        }
    }

    /// The fills, in the dataset's column order; each column at most once.
    public private(set) var entries: [Entry] = []

    public init(_ entries: [Entry] = []) {
        for entry in entries { self[entry.column] = entry.fill }
    }

    /// The fill of `column`, nil when it has none. Setting one replaces the column's fill.
    public subscript(column: String) -> Fill? {
        get { entries.first { $0.column == column }?.fill }
        set {
            let index = entries.firstIndex { $0.column == column }
            switch (index, newValue) {
            case (let index?, let fill?): entries[index].fill = fill
            case (let index?, nil): entries.remove(at: index)
            case (nil, let fill?): entries.append(Entry(column: column, fill: fill))
            case (nil, nil): break
            }
        }
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The prefix of the lineage parameters that hold fills: `fill:age` -> `number:38.5`.
    static let parameterPrefix = "fill:"

    /// The fills as lineage parameters: `fill:<column>` -> `number:<shortest Float>` or
    /// `category:<name>`. The column's name follows the prefix exactly, whatever it holds.
    public var lineageParameters: [String: String] {
        var parameters: [String: String] = [:]
        for entry in entries {
            switch entry.fill {
            case .number(let number):
                parameters[Self.parameterPrefix + entry.column] = "number:" + NumberText.shortest(number)
            case .category(let name): parameters[Self.parameterPrefix + entry.column] = "category:" + name
            }
        }
        return parameters
    }

    /// The fills a `fillna` dataset's lineage records, in `columns` order (the dataset's
    /// columns; fills of other columns follow, sorted); nil when the lineage is not a
    /// `fillna`'s or a parameter cannot be read.
    public init?(lineage: Lineage, columns: [String] = []) {
        guard lineage.operation == "fillna" else { return nil }
        var parsed: [String: Fill] = [:]
        for (key, value) in lineage.parameters where key.hasPrefix(Self.parameterPrefix) {
            let column = String(key.dropFirst(Self.parameterPrefix.count))
            if value.hasPrefix("number:"), let number = Float(value.dropFirst("number:".count)) {
                parsed[column] = .number(number)
            } else if value.hasPrefix("category:") {
                parsed[column] = .category(String(value.dropFirst("category:".count)))
            } else {
                return nil
            }
        }
        let ordered = columns.filter { parsed[$0] != nil } + parsed.keys.filter { !columns.contains($0) }.sorted()
        self.init(ordered.map { Entry(column: $0, fill: parsed[$0]!) })
    }
}
