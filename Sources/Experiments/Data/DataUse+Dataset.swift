import Data
import Store

extension DataUse {
    /// How a run records a dataset it used: its name and content id, its schema (columns
    /// with their types and categories, the target, the sample shape) and its lineage
    /// (operation, parameters, parents and the source files with their SHA-256), as
    /// Docs/StoreFormat.md describes `dataset_versions`.
    public init(_ data: Dataset, contentID: String, role: String) {
        let columns: [ParamValue] = data.columns.map { column in
            switch column.values {
            case .numeric, .sparse:
                return .record([("name", .string(column.name)), ("type", .string("numeric"))])
            case .categorical(_, let categories):
                return .record([
                    ("name", .string(column.name)), ("type", .string("categorical")),
                    ("categories", .list(categories.map(ParamValue.string))),
                ])
            case .text:
                return .record([("name", .string(column.name)), ("type", .string("text"))])
            }
        }
        var schema: [(String, ParamValue)] = [("rows", .number(Double(data.rowCount))), ("columns", .list(columns))]
        switch data.target {
        case .classification(let name, _, let classes):
            schema.append(
                (
                    "target",
                    .record([
                        ("name", .string(name)), ("task", .string("classification")),
                        ("classes", .list(classes.map(ParamValue.string))),
                    ])
                ))
        case .regression(let name, _):
            schema.append(("target", .record([("name", .string(name)), ("task", .string("regression"))])))
        case nil:
            schema.append(("target", .null))
        }
        if let shape = data.sampleShape { schema.append(("sample_shape", .list(shape.map { .number(Double($0)) }))) }
        let lineage = data.lineage
        let sources: [ParamValue] = lineage.sources.map { source in
            .record([
                ("path", .string(source.path)), ("sha256", .string(source.sha256)),
                ("size", .number(Double(source.size))),
            ])
        }
        let lineageValue = ParamValue.record([
            ("operation", .string(lineage.operation)),
            ("parameters", .record(lineage.parameters.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("parents", .list(lineage.parents.map(ParamValue.string))),
            ("sources", .list(sources)),
        ])
        self.init(role: role, name: data.name, contentID: contentID, schema: .record(schema), lineage: lineageValue)
    }
}
