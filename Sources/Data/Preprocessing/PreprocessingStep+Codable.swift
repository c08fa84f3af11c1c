// A step as JSON (Docs/StoreFormat.md, "Preprocessing"): an object whose "op" names
// the operation, with every number written out:
//
//   {"op": "standardize", "fitted_on": {"name": "train", "version": "3f2a..."},
//    "columns": [{"name": "age", "offset": 41.2, "scale": 12.9}]}
//   {"op": "minmax", ...same fields, offset the minimum and scale the range...}
//   {"op": "fillna", "with": "median", "fitted_on": {...} or null,
//    "columns": [{"name": "age", "fill": {"number": 40}}, {"name": "city", "fill": {"category": "Paris"}}]}
//   {"op": "vectorize", "fitted_on": {...}, "column": "text", "mode": "tfidf", "vocabulary": ["to", ...],
//    "idf": [1.9, ...], "ngrams": 2, "lowercase": true}   ("length": 64 in sequence mode, no idf)

extension PreprocessingStep: Codable {
    private enum Key: String, CodingKey {
        case op, columns, with
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
            try c.encode(fills.strategy, forKey: .with)
            try c.encode(fills.values.entries, forKey: .columns)
        case .vectorize(let vectorization):
            try vectorization.encode(to: encoder)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let op = try c.decode(String.self, forKey: .op)
        switch op {
        case "standardize", "minmax":
            let scaling = ColumnScaling(
                columns: try c.decode([ColumnScaling.Column].self, forKey: .columns),
                fittedOn: try c.decode(DataReference.self, forKey: .fittedOn))
            self = op == "standardize" ? .standardize(scaling) : .minmax(scaling)
        case "fillna":
            self = .fill(
                ColumnFills(
                    values: FillValues(try c.decode([FillValues.Entry].self, forKey: .columns)),
                    strategy: try c.decode(String.self, forKey: .with),
                    fittedOn: try c.decodeIfPresent(DataReference.self, forKey: .fittedOn)))
        case "vectorize":
            self = .vectorize(try TextVectorization(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .op, in: c,
                debugDescription: "unknown preprocessing step \"\(op)\"")
        }
    }
}

/// `{"name": "age", "fill": {"number": 40}}`.
extension FillValues.Entry: Codable {
    private enum Key: String, CodingKey { case name, fill }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(column, forKey: .name)
        try c.encode(fill, forKey: .fill)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        self.init(
            column: try c.decode(String.self, forKey: .name), fill: try c.decode(FillValues.Fill.self, forKey: .fill))
    }
}

/// `{"number": 40}` or `{"category": "Paris"}`.
extension FillValues.Fill: Codable {
    private enum Key: String, CodingKey { case number, category }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .number(let number): try c.encode(number, forKey: .number)
        case .category(let name): try c.encode(name, forKey: .category)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        if let number = try c.decodeIfPresent(Float.self, forKey: .number) {
            self = .number(number)
        } else {
            self = .category(try c.decode(String.self, forKey: .category))
        }
    }
}
