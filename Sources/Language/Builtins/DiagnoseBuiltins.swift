import Experiments

/// The analysis half of LANGUAGE.md's "Debugging" section: `diagnose` (the bias-variance
/// table of errors), `learning_curve` (the model retrained on growing subsets) and
/// `mistakes` (the examples with the highest loss). None of them changes the model it
/// is given.
enum DiagnoseBuiltins {
    static var all: [Builtin] { [diagnose, learningCurve, mistakes] }

    static var diagnose: Builtin {
        Builtin(
            "diagnose",
            parameters: [
                .optional("run"), .labelled("test", default: .nil), .labelled("train_val", default: .nil),
                .labelled("goal", default: .number(0)), .labelled("errors", default: .nil),
            ],
            summary: "The bias-variance table of a run's errors: what limits the model most, and what to try next.",
            details: """
                An error is 1 - accuracy for classification and the loss otherwise; train and val come from the run's
                recorded metrics (the kept epoch's), so the run needs validation data (fit with val:).
                goal: the irreducible error, a number or a run whose metrics give it (a baseline such as the human level;
                its val metric when it has one). test:, train_val: a dataset evaluated with the run's model (its
                preprocessing applied, as evaluate does) or an error; train_val is held-out data from the training
                distribution.
                Terms: irreducible = goal; bias = train - goal; variance = train_val - train (val - train without
                train_val); shift = val - train_val (with train_val); val_overfitting = test - val (with test).
                The largest of bias, variance, shift and val_overfitting is marked, with its remedies, most promising
                first. Fields: .terms, .largest, .remedies, .errors.
                diagnose(errors: [train: 0.2, val: 0.27, test: 0.28], goal: 0.01) analyses error rates measured
                elsewhere (each from 0 to 1; train and val required, test and train_val optional).
                """
        ) { call throws(RuntimeError) in
            let read = try DiagnosisErrors(call)
            do throws(BiasVarianceDiagnosis.Problem) {
                return .native(DiagnosisValue(try BiasVarianceDiagnosis(read.errors, rates: read.rates)))
            } catch {
                throw call.invalid(read.argument[error.name] ?? "run", error.description)
            }
        }
    }

    static var learningCurve: Builtin {
        Builtin(
            "learning_curve",
            // fit's parameters, read by fit's own code, with val: required and fractions added.
            parameters: TrainBuiltins.fit.parameters.flatMap { parameter in
                parameter.name == "val"
                    ? [
                        .requiredLabel("val", placeholder: "ds"),
                        .labelled("fractions", default: .list([0.1, 0.25, 0.5, 1].map(Value.number))),
                    ]
                    : [parameter]
            },
            summary: "Trains fresh copies of the model on growing parts of the training data and plots train and val "
                + "metrics against the number of samples.",
            details: """
                Each fraction (above 0, at most 1, increasing) takes that share of one shuffle of train (seeded by seed:),
                rounded down; each point is a fit from fresh weights through the same training as fit (every fit label
                applies), recorded as a run tagged "learning_curve" and shown live. The model passed in is not changed.
                The table and plot give the loss and the first metric (accuracy, or rmse for regression) of each trained
                model on its own training rows and on val. Train and val far apart and closing: more data helps
                (variance); both flat at a high error: it will not (bias).
                Fields: .samples, .train, .val, .train_loss, .val_loss, .metric, .runs.
                """
        ) { call throws(RuntimeError) in
            .native(try LearningCurveRun(call).run())
        }
    }

    static var mistakes: Builtin {
        Builtin(
            "mistakes",
            parameters: [.positional("model_or_run"), .positional("ds"), .labelled("n", default: .number(16))],
            summary: "The examples a trained model gets most wrong (highest loss first), as images or a table.",
            details: """
                The data goes through the model's preprocessing as evaluate reads it; the rows are shown as passed.
                Image data (a sample shape such as digits' 1x8x8) shows as a grid captioned "true → predicted"; other
                data as a table of the rows with the prediction and the loss. n is at most 100.
                Fields: .rows (the rows as a dataset, worst first), .indices (their positions in ds, from 0), .actual,
                .predicted, .losses.
                """
        ) { call throws(RuntimeError) in
            .native(try MistakeSearch(call: call).run())
        }
    }
}
