import Tensor

/// Row-level operations: taking rows by index, the first rows, a random sample, the
/// rows a predicate keeps, and the lineage every derived dataset records.
extension Dataset {
    /// The rows at `indices` (in that order, repeats allowed) as a new dataset with
    /// `lineage`. Transforms use it with their own lineage; a training loop that
    /// gathers batches passes whatever lineage it wants to keep (hashing the parent
    /// for every batch would be wasted work).
    public func gatherRows(_ indices: [Int], lineage: Lineage) -> Dataset {
        let sparse = columns.contains { if case .sparse = $0.values { true } else { false } }
        let gather = sparse ? RowGather(indices, sourceRows: rowCount) : nil
        return Dataset(
            name: name, columns: columns.map { $0.gathering(indices, gather) }, target: target?.gathering(indices),
            rowCount: indices.count, sampleShape: sampleShape, lineage: lineage, preprocessing: preprocessing)
    }

    /// The lineage of a dataset made from this one (and `others`) by `operation`.
    func derivedLineage(
        _ operation: String, _ parameters: [String: String] = [:],
        others: [Dataset] = []
    ) -> Lineage {
        var parents = [contentID]
        for other in others {
            let id = other.contentID
            if !parents.contains(id) { parents.append(id) }
        }
        return Lineage(
            sources: Lineage.mergedSources([self] + others), operation: operation,
            parameters: parameters, parents: parents)
    }

    /// The first `n` rows (all of them when there are fewer).
    public func head(_ n: Int) throws(TransformError) -> Dataset {
        guard n >= 0 else { throw .badCount(requested: n, available: rowCount) }
        return gatherRows(Array(0..<min(n, rowCount)), lineage: derivedLineage("head", ["n": "\(n)"]))
    }

    /// `n` distinct rows drawn at random (in the order drawn), reproducible by `seed`.
    public func sample(_ n: Int, seed: UInt64) throws(TransformError) -> Dataset {
        guard n >= 0, n <= rowCount else { throw .badCount(requested: n, available: rowCount) }
        var generator = SeededRandom(seed: seed)
        // A partial Fisher-Yates: only the first n positions need to be drawn.
        var indices = Array(0..<rowCount)
        for position in 0..<n {
            let other = position + generator.int(below: rowCount - position)
            indices.swapAt(position, other)
        }
        return gatherRows(
            Array(indices.prefix(n)),
            lineage: derivedLineage("sample", ["n": "\(n)", "seed": "\(seed)"]))
    }

    /// The rows for which `keep(row index)` is true, in their order. The predicate is a
    /// plain closure over row indices so the Data target stays free of the language.
    public func filter<Failure: Error>(_ keep: (Int) throws(Failure) -> Bool) throws(Failure) -> Dataset {
        var kept: [Int] = []
        for row in 0..<rowCount where try keep(row) { kept.append(row) }
        return gatherRows(kept, lineage: derivedLineage("filter", ["kept": "\(kept.count)"]))
    }

    /// The row as `(column name, cell)` pairs: the features in order, then the target.
    public func row(_ index: Int) -> [(name: String, value: CellValue)] {
        var cells = columns.map { (name: $0.name, value: $0.cell(at: index)) }
        if let target { cells.append((name: target.columnName, value: target.cell(at: index))) }
        return cells
    }

    /// The feature column named `name`, if there is one.
    public func column(named name: String) -> Column? {
        columns.first { $0.name == name }
    }
}
