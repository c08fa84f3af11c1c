/// `concat`: the rows of several datasets, one after another, as one dataset.
extension Dataset {
    /// The rows of `datasets` in order. Columns are matched by name (each dataset must
    /// have the same names; they come out in the first dataset's order). A categorical
    /// column takes the union of the datasets' categories and a classification target
    /// the union of their classes (`CategoryUnion`), so rows keep their labels. A
    /// numeric column with no value at all may join a categorical one (it is all
    /// missing either way). The lineage names every part as a parent.
    ///
    /// - Throws: no datasets; different column names, kinds, targets or sample shapes,
    ///   naming the first dataset that differs from the first one (1-based).
    public static func concat(_ datasets: [Dataset]) throws(TransformError) -> Dataset {
        guard let first = datasets.first else { throw .nothingToConcatenate }
        let names = first.columns.map(\.name)
        let nameSet = Set(names)
        var parts: [[Column]] = [first.columns]
        for (index, other) in datasets.enumerated().dropFirst() {
            // By dictionary: a vectorized dataset has tens of thousands of columns.
            let byName = Dictionary(other.columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            let missing = names.filter { byName[$0] == nil }
            let extra = other.columns.map(\.name).filter { !nameSet.contains($0) }
            guard missing.isEmpty, extra.isEmpty else {
                throw .columnsDiffer(dataset: index + 1, missing: missing, extra: extra)
            }
            parts.append(names.map { byName[$0]! })
            guard other.sampleShape == first.sampleShape else {
                throw .sampleShapesDiffer(dataset: index + 1, first: first.sampleShape, other: other.sampleShape)
            }
            guard other.preprocessing.map(\.step) == first.preprocessing.map(\.step) else {
                throw .preprocessingDiffers(
                    dataset: index + 1, first: PreprocessingStep.describe(first.preprocessing),
                    other: PreprocessingStep.describe(other.preprocessing))
            }
        }
        var columns: [Column] = []
        for position in names.indices {
            columns.append(try concatenated(parts.map { $0[position] }))
        }
        return Dataset(
            name: first.name, columns: columns, target: try concatenatedTarget(datasets),
            rowCount: datasets.reduce(0) { $0 + $1.rowCount }, sampleShape: first.sampleShape,
            lineage: first.derivedLineage(
                "concat",
                [
                    "rows": datasets.map { "\($0.rowCount)" }
                        .joined(separator: ",")
                ],
                others: Array(datasets.dropFirst())),
            preprocessing: first.preprocessing)
    }

    /// One column from its parts: numbers joined, or categories merged and recoded.
    private static func concatenated(_ parts: [Column]) throws(TransformError) -> Column {
        let name = parts[0].name
        if let firstText = parts.firstIndex(where: \.isText) {
            var strings: [String] = []
            for (index, part) in parts.enumerated() {
                switch part.values {
                case .text(let values): strings += values
                case .categorical(let codes, let categories): strings += codes.map { $0 < 0 ? "" : categories[Int($0)] }
                case .numeric, .sparse:
                    let numbers = part.numbers ?? []
                    guard numbers.allSatisfy(\.isNaN) else {
                        throw .columnKindsDiffer(name, numericIn: index + 1, textIn: firstText + 1)
                    }
                    strings += Array(repeating: "", count: numbers.count)
                }
            }
            return Column(name: name, values: .text(strings))
        }
        let sparse = parts.compactMap { part -> SparseValues? in
            if case .sparse(let values) = part.values { values } else { nil }
        }
        if sparse.count == parts.count {
            return Column(name: name, values: .sparse(.concatenating(sparse)))
        }
        if parts.allSatisfy(\.isNumeric) {
            return Column(name: name, values: .numeric(parts.flatMap { $0.numbers ?? [] }))
        }
        var lists: [[String]] = []
        var codes: [[Int32]] = []
        for (index, part) in parts.enumerated() {
            switch part.values {
            case .categorical(let partCodes, let categories):
                lists.append(categories)
                codes.append(partCodes)
            case .text:
                break  // handled above
            case .numeric, .sparse:
                let numbers = part.numbers ?? []
                guard numbers.allSatisfy(\.isNaN) else {
                    let text = parts.firstIndex { $0.isCategorical }!
                    throw .columnKindsDiffer(name, numericIn: index + 1, textIn: text + 1)
                }
                lists.append([])
                codes.append(Array(repeating: -1, count: numbers.count))
            }
        }
        let union = CategoryUnion(lists)
        let merged = codes.indices.flatMap { union.recode(codes[$0], from: $0) }
        return Column(name: name, values: .categorical(codes: merged, categories: union.names))
    }

    /// The parts' targets joined: all absent, or all with the first one's name and kind.
    private static func concatenatedTarget(_ datasets: [Dataset]) throws(TransformError) -> Target? {
        let first = datasets[0].target
        for (index, other) in datasets.enumerated().dropFirst() {
            guard other.target?.columnName == first?.columnName else {
                throw .targetsDiffer(dataset: index + 1, first: first?.columnName, other: other.target?.columnName)
            }
        }
        switch first {
        case nil:
            return nil
        case .classification(let name, _, _):
            var lists: [[String]] = []
            var labels: [[Int32]] = []
            for (index, dataset) in datasets.enumerated() {
                guard case .classification(_, let partLabels, let classes) = dataset.target else {
                    throw .targetKindsDiffer(name, dataset: index + 1)
                }
                lists.append(classes)
                labels.append(partLabels)
            }
            let union = CategoryUnion(lists)
            return .classification(
                name: name, labels: labels.indices.flatMap { union.recode(labels[$0], from: $0) },
                classes: union.names)
        case .regression(let name, _):
            var values: [Float] = []
            for (index, dataset) in datasets.enumerated() {
                guard case .regression(_, let partValues) = dataset.target else {
                    throw .targetKindsDiffer(name, dataset: index + 1)
                }
                values += partValues
            }
            return .regression(name: name, values: values)
        }
    }
}
