/// Choosing feature columns by name: `select` keeps the named ones, `drop` removes them.
/// The target always stays.
extension Dataset {
    /// Only the named feature columns, in the order named. Naming the target is
    /// allowed and changes nothing (the target is always kept).
    ///
    /// - Throws: an unknown or repeated name, or an empty list.
    public func select(_ names: [String]) throws(TransformError) -> Dataset {
        var chosen: [Column] = []
        var seen = Set<String>()
        for name in names {
            guard seen.insert(name).inserted else { throw .duplicateColumn(name) }
            if name == target?.columnName { continue }
            guard let column = column(named: name) else {
                throw .unknownColumn(name, available: columns.map(\.name))
            }
            chosen.append(column)
        }
        guard !chosen.isEmpty else { throw .noColumnsLeft }
        return keeping(chosen, operation: "select", names: names)
    }

    /// Every feature column except the named ones.
    ///
    /// - Throws: an unknown name, the target's name, or dropping every column.
    public func drop(_ names: [String]) throws(TransformError) -> Dataset {
        var removed = Set<String>()
        for name in names {
            if name == target?.columnName { throw .cannotDropTarget(name) }
            guard column(named: name) != nil else {
                throw .unknownColumn(name, available: columns.map(\.name))
            }
            guard removed.insert(name).inserted else { throw .duplicateColumn(name) }
        }
        let kept = columns.filter { !removed.contains($0.name) }
        guard !kept.isEmpty else { throw .noColumnsLeft }
        return keeping(kept, operation: "drop", names: names)
    }

    private func keeping(_ kept: [Column], operation: String, names: [String]) -> Dataset {
        var result = self
        // An image's shape only survives when every pixel stays in place.
        if kept.map(\.name) != columns.map(\.name) { result.sampleShape = nil }
        result.columns = kept
        result.lineage = derivedLineage(operation, ["columns": names.joined(separator: ",")])
        return result
    }
}

/// Reading one column whole, for `ds["col"]` and `column(ds, "col")`.
extension Dataset {
    /// The names a column can be read by: the features in order, then the target.
    public var allColumnNames: [String] {
        columns.map(\.name) + (target.map { [$0.columnName] } ?? [])
    }

    /// The cells of the feature column or target named `name`, row by row.
    ///
    /// - Throws: `.unknownColumn` listing every name, the target's included.
    public func cells(ofColumn name: String) throws(TransformError) -> [CellValue] {
        if let column = column(named: name) {
            return (0..<rowCount).map(column.cell(at:))
        }
        if let target, target.columnName == name {
            return (0..<rowCount).map(target.cell(at:))
        }
        throw .unknownColumn(name, available: allColumnNames)
    }
}
