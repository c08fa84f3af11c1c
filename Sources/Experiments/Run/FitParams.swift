import Learn
import Store

/// The settings of one `fit`, typed: what a run's `params` record holds and
/// `run.params` shows. `record` is the stored form (key order as here); `init?(record:)`
/// reads it back, also from runs written before this type existed.
public struct FitParams: Sendable, Hashable {
    /// The layers as the user writes them (`dense(16, activation: "relu")`); the model
    /// itself is the run's `ModelSpec`.
    public var layers: [String]
    public var optimizer: OptimizerSpec
    /// The datasets' names (their content ids are the run's data).
    public var train: String
    public var validation: String?
    public var epochs: Int
    public var batch: Int
    public var loss: Loss
    public var metrics: [Metric]
    public var seed: UInt64
    public var shuffle: Bool
    public var earlyStop: Int?
    /// What early stopping watched when not the validation loss (`early_stop_on:`).
    public var earlyStopOn: Objective?
    public var name: String?
    public var tags: [String]

    public init(
        layers: [String], optimizer: OptimizerSpec, train: String, validation: String?, epochs: Int, batch: Int,
        loss: Loss, metrics: [Metric], seed: UInt64, shuffle: Bool, earlyStop: Int?,
        earlyStopOn: Objective? = nil, name: String?, tags: [String]
    ) {
        self.layers = layers
        self.optimizer = optimizer
        self.train = train
        self.validation = validation
        self.epochs = epochs
        self.batch = batch
        self.loss = loss
        self.metrics = metrics
        self.seed = seed
        self.shuffle = shuffle
        self.earlyStop = earlyStop
        self.earlyStopOn = earlyStopOn
        self.name = name
        self.tags = tags
    }

    /// The params record as stored: layers, optimizer (its builtin's name, then its
    /// settings), every fit label (datasets by name) and the seed.
    public var record: ParamValue {
        let optimizerFields: [(String, ParamValue)] =
            [("name", .string(optimizer.kind.rawValue))]
            + optimizer.settings.map { setting in
                switch setting.value {
                case .number(let number): (setting.label, ParamValue.number(number))
                case .flag(let flag): (setting.label, ParamValue.bool(flag))
                }
            }
        return .record([
            ("layers", .list(layers.map(ParamValue.string))),
            ("optimizer", .record(optimizerFields)),
            ("train", .string(train)),
            ("val", validation.map(ParamValue.string) ?? .null),
            ("epochs", .number(Double(epochs))),
            ("batch", .number(Double(batch))),
            ("loss", .string(loss.rawValue)),
            ("metrics", .list(metrics.map { .string($0.rawValue) })),
            ("seed", .number(Double(seed))),
            ("shuffle", .bool(shuffle)),
            ("early_stop", earlyStop.map { .number(Double($0)) } ?? .null),
            ("early_stop_on", earlyStopOn?.record ?? .null),
            ("name", name.map(ParamValue.string) ?? .null),
            ("tags", .list(tags.map(ParamValue.string))),
        ])
    }

    /// The settings a stored params record holds; nil when it is not a fit's (a field
    /// is missing or of the wrong type).
    public init?(record: ParamValue) {
        func string(_ key: String) -> String? { if case .string(let s)? = record[key] { return s } else { return nil } }
        func integer(_ key: String) -> Int? {
            guard case .number(let n)? = record[key], n == n.rounded(), abs(n) < 1e15 else { return nil }
            return Int(n)
        }
        func strings(_ key: String) -> [String]? {
            guard case .list(let items)? = record[key] else { return nil }
            let texts = items.compactMap { if case .string(let s) = $0 { s } else { nil } }
            return texts.count == items.count ? texts : nil
        }
        guard let layers = strings("layers"), let train = string("train"), let epochs = integer("epochs"),
            let batch = integer("batch"), let lossName = string("loss"), let loss = Loss(rawValue: lossName),
            let metricNames = strings("metrics"), case .record(let optimizerFields)? = record["optimizer"],
            case .string(let kind)? = record["optimizer"]?["name"]
        else { return nil }
        var settings: [String: OptimizerSpec.Setting] = [:]
        for (label, value) in optimizerFields where label != "name" {
            switch value {
            case .number(let n): settings[label] = .number(n)
            case .bool(let b): settings[label] = .flag(b)
            default: return nil
            }
        }
        guard let optimizer = OptimizerSpec(kind: kind, settings: settings) else { return nil }
        let metrics = metricNames.compactMap(Metric.init(rawValue:))
        guard metrics.count == metricNames.count, case .number(let seed)? = record["seed"], seed >= 0 else {
            return nil
        }
        self.init(
            layers: layers, optimizer: optimizer, train: train, validation: string("val"), epochs: epochs,
            batch: batch, loss: loss, metrics: metrics, seed: UInt64(seed),
            shuffle: { if case .bool(let b)? = record["shuffle"] { b } else { true } }(),
            earlyStop: integer("early_stop"), earlyStopOn: record["early_stop_on"].flatMap(Objective.init(record:)),
            name: string("name"), tags: strings("tags") ?? [])
    }
}
