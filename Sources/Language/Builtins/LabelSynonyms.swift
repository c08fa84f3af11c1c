/// The names Keras, PyTorch, scikit-learn and pandas give to settings that Strata
/// labels differently, so `adam(learning_rate: 0.1)` can answer "did you mean 'lr'?"
/// where spelling alone finds nothing. A synonym is suggested only when the builtin
/// accepts the label it stands for; otherwise the nearest name by spelling is.
enum LabelSynonyms {
    /// Strata's label, then the other libraries' names for it (lowercase).
    private static let groups: [(label: String, synonyms: [String])] = [
        ("lr", ["learning_rate", "learningrate", "eta", "step_size"]),
        ("batch", ["batch_size", "batchsize", "bs", "minibatch", "mini_batch", "minibatch_size"]),
        (
            "epochs",
            [
                "n_epochs", "num_epochs", "nb_epoch", "nb_epochs", "max_epochs", "epoch", "n_iter", "max_iter",
                "iterations",
            ]
        ),
        (
            "val",
            [
                "validation_data", "validation", "valid", "val_data", "validation_set", "val_set", "eval_set",
                "eval_data", "valid_data", "dev",
            ]
        ),
        ("seed", ["random_state", "random_seed", "rng", "manual_seed", "rng_seed"]),
        ("rate", ["dropout_rate", "p", "drop_rate", "dropout", "drop_prob"]),
        (
            "units",
            [
                "n_units", "num_units", "hidden_units", "hidden_size", "out_features", "output_dim",
                "output_size", "neurons", "n_neurons", "num_classes", "n_classes", "nb_classes", "size",
            ]
        ),
        ("filters", ["n_filters", "num_filters", "nb_filter", "out_channels", "channels"]),
        ("beta1", ["beta_1", "b1"]),
        ("beta2", ["beta_2", "b2"]),
        ("eps", ["epsilon"]),
        ("weight_decay", ["decay", "l2", "wd", "weight_decay_rate", "l2_regularization"]),
        ("momentum", ["mom"]),
        ("nesterov", ["use_nesterov"]),
        ("early_stop", ["patience", "early_stopping", "early_stopping_patience", "earlystopping"]),
        ("kernel", ["kernel_size", "ksize", "filter_size", "size"]),
        ("stride", ["strides"]),
        ("size", ["pool_size", "pool", "window", "window_size"]),
        ("activation", ["act", "activation_fn", "activation_function", "nonlinearity"]),
        ("loss", ["loss_fn", "loss_function", "criterion"]),
        ("metrics", ["metric", "eval_metric", "scoring"]),
        ("optimizer", ["optim", "opt", "solver"]),
        ("name", ["run_name", "experiment_name"]),
        ("tags", ["tag"]),
        ("delimiter", ["sep", "separator", "delim"]),
        ("target", ["label", "label_column", "target_column", "target_col", "y", "labels"]),
        ("header", ["has_header", "header_row"]),
        ("stratify", ["stratified"]),
        ("n", ["rows", "num_rows", "n_rows", "count", "k"]),
        ("limit", ["max_results", "top", "max_rows"]),
        ("sort", ["order_by", "sort_by", "order"]),
        ("bins", ["nbins", "n_bins", "num_bins"]),
        ("digits", ["ndigits", "decimals"]),
    ]

    private static let table: [String: [String]] = {
        var table: [String: [String]] = [:]
        for group in groups {
            for synonym in group.synonyms { table[synonym, default: []].append(group.label) }
        }
        return table
    }()

    /// The label among `accepted` that `label` is another library's name for, if any.
    static func suggestion(for label: String, among accepted: [String]) -> String? {
        table[label.lowercased()]?.first { accepted.contains($0) }
    }
}
