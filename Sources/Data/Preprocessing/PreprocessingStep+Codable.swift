// A step as JSON (Docs/StoreFormat.md, "Preprocessing"): an object whose "op" names
// the operation, with every number written out:
//
//   {"op": "standardize", "fitted_on": {"name": "train", "version": "3f2a..."},
//    "columns": [{"name": "age", "offset": 41.2, "scale": 12.9}]}
//   {"op": "minmax", ...same fields, offset the minimum and scale the range...}
//   {"op": "fillna", "fitted_on": {...},
//    "columns": [{"name": "age", "fill": {"number": 40}}, {"name": "city", "fill": {"category": "Paris"}}]}

extension PreprocessingStep: Codable {
    private enum Key: String, CodingKey {
        case op, columns
        case fittedOn = "fitted_on"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(operation, forKey: .op)
        switch self {
        case .standardize(let scaling), .minmax(let scaling):
            try c.encode(scaling.fittedOn, forKey: .fittedOn)
            try c.encode(scaling.columns, forKey: .columns)
        case .fill(let fills):
            try c.encode(fills.fittedOn, forKey: .fittedOn)
            try c.encode(fills.columns, forKey: .columns)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let op = try c.decode(String.self, forKey: .op)
        let fittedOn = try c.decode(DataReference.self, forKey: .fittedOn)
        switch op {
        case "standardize":
            self = .standardize(ColumnScaling(columns: try c.decode([ColumnScaling.Column].self, forKey: .columns),
                                              fittedOn: fittedOn))
        case "minmax":
            self = .minmax(ColumnScaling(columns: try c.decode([ColumnScaling.Column].self, forKey: .columns),
                                         fittedOn: fittedOn))
        case "fillna":
            self = .fill(ColumnFills(columns: try c.decode([ColumnFills.Column].self, forKey: .columns),
                                     fittedOn: fittedOn))
        default:
            throw DecodingError.dataCorruptedError(forKey: .op, in: c,
                                                   debugDescription: "unknown preprocessing step \"\(op)\"")
        }
    }
}
