import Store

extension SweepTrialRow {
    /// The row as the samplers and pruners read a trial.
    public static func trial(_ row: SweepTrialRow) -> SweepTrial {
        var params: [String: SweepValue] = [:]
        if case .record(let fields) = row.params {
            for (name, value) in fields { params[name] = SweepValue(param: value) }
        }
        let state: TrialState =
            switch row.state {
            case .running: .running
            case .finished: .finished
            case .pruned: .pruned
            case .failed: .failed
            }
        return SweepTrial(
            number: row.number, params: params, value: row.value, state: state,
            intermediate: row.intermediate)
    }
}

extension SweepValue {
    /// A stored param as a sweep value (lists and records, which spaces never hold, as null).
    public init(param: ParamValue) {
        switch param {
        case .number(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .bool(let flag): self = .bool(flag)
        case .null, .list, .record: self = .null
        }
    }

    /// The value as a stored param.
    public var param: ParamValue {
        switch self {
        case .number(let number): .number(number)
        case .string(let text): .string(text)
        case .bool(let flag): .bool(flag)
        case .null: .null
        }
    }
}
