extension LintRule {
    /// What `strata lint --explain CODE` prints: the code, name and severity, the
    /// summary, then why it matters, what the rule looks at, and how to fix or
    /// silence it.
    public var explanation: String {
        let notebook =
            isLeakage
            ? "\n\nIn a notebook the kernel also warns on the cell's stderr when such a cell runs, once per binding "
                + "in a session (\"warning \(code): ...\"); the cell still runs." : ""
        return "\(code) \(name) (\(severity.rawValue))\n\n\(summary)\n\n\(details)\(notebook)\n\n"
            + (canBeSilenced
                ? "Silence it on one line with `# strata: ignore[\(code)]`, or in a whole file or notebook with "
                    + "`# strata: ignore-file[\(code)]`."
                : "It cannot be silenced: fix the code so it parses.")
    }

    private var details: String {
        switch self {
        case .syntaxError:
            return """
                The parser's own message, at the place it points to: the same error the cell would show if it ran. \
                Bindings that could be parsed around the error still count for the cells after it, and other rules \
                are not reported inside the cell until it parses.
                """
        case .undefinedName:
            return """
                Running the cell would stop with "unknown name". A name is defined if it is a builtin or is bound \
                (by =, a destructuring, a for loop or a closure parameter) earlier in the file, or in an earlier \
                cell of the notebook. Closure bodies are checked after the code around them, since they look names \
                up when they are called: { x in g(x) } may use a g bound on a later line. The message suggests the \
                nearest known name.
                """
        case .unknownLabel:
            return """
                Running the cell would stop with "unknown label". The labels come from the builtin's declaration, \
                the one `help(f)` shows; the message suggests the nearest label, and the Strata name for labels \
                other libraries use (learning_rate -> lr, random_state -> seed, patience -> early_stop). Closures \
                take positional arguments only, so a label in a call of your own closure is reported here too.
                """
        case .tooManyArguments:
            return """
                Running the cell would stop: a builtin takes at most as many positional arguments as its signature \
                lists (settings are passed by label: round(x, digits: 2), not round(x, 2)); a closure of your own \
                takes exactly as many as it has parameters. A closure is checked only when its name is bound once, \
                to a closure literal, so the linter knows which closure a call reaches.
                """
        case .missingArgument:
            return """
                Running the cell would stop: a required argument (a positional parameter without brackets in \
                `help(f)`, or a required label such as load_idx's images:) is not given, or a closure of your own is \
                called with fewer arguments than it has parameters.
                """
        case .repeatedLabel:
            return """
                Running the cell would stop: the same setting is given twice, by two labels or by position and then \
                by its label.
                """
        case .unusedBinding:
            return """
                A name bound by = or a destructuring and read nowhere after it (in a notebook: in no later cell): \
                often a typo in the later use, or a result computed for nothing. Exempt: names starting with _ (and _ \
                itself), so `train, _, test = split(...)` says it on purpose; closure parameters and for-loop \
                variables (`for i in range(depth)` only repeats); and a name for what fit, sweep, baseline or \
                learning_curve return, since the run is kept in the store and the name is a handle for later cells. \
                Rebinding a name and reading it later counts as a use of every binding of it in that scope.
                """
        case .shadowedBuiltin:
            return """
                A binding with a builtin's name hides the builtin in its scope. A value named like a builtin \
                (run = fit(...), as the language's own examples do) is only reported once the code calls the name: \
                run("id") would then call the Run, not the builtin run. A closure bound to a builtin's name is always \
                reported, since every call of that name now reaches it.
                """
        case .missingSeed:
            return """
                split, sample, fit, learning_curve and sweep draw random numbers (which rows go where, the initial \
                weights and the batch order, the sampled hyperparameters). Without seed: they use seed 0: runs repeat, \
                but nothing in the code says so, every experiment shares one seed without choosing it, and varying \
                the seed to measure noise is forgotten. Pass seed: explicitly. A sweep(name: ...) that only loads a \
                recorded sweep (no closure) draws nothing and is not reported. overfit and lr_find take a seed too, \
                but they are checks whose outcome is a diagnosis, not a reported number, and are not reported.
                """
        case .scalerFittedOnHeldOut:
            return """
                standardize, minmax and fillna with "mean", "median" or "mode" learn statistics from their data \
                unless using: says which data to learn from. Learnt on a validation or test split, they let that \
                split's values shape the preprocessing, so its scores are no longer those of unseen data. Scale every \
                split with the training split's statistics: standardize(val, using: train). using: a validation or \
                test split is reported too.

                Which data is a validation or test split: first the data flow (the parts of a, b, c = split(...) by \
                position: the first is training, the last of three or more is test, the others validation, and with \
                two the second is a held-out validation split; parts[i] of parts = split(...); anything a row-keeping \
                transform such as dropna, select, filter or standardize makes from one of them); in a notebook, a dataset that split made also says which part it is; otherwise the name: \
                a word of it (split at _, case changes and digits) that says val, valid, validation, dev or eval means \
                validation, test, testing or holdout means test. A name in the destructuring wins over the position: \
                train, test = split(...) makes test a test split.
                """
        case .scaledBeforeSplit:
            return """
                Data scaled or filled with statistics of all its rows (standardize(ds), minmax(ds), \
                fillna(ds, "mean") without using:) and then split: the validation and test rows shaped the \
                statistics the training data was scaled with, a small but real leak that makes held-out scores \
                optimistic. Split first, then standardize(train, using: train) and pass using: train for the other \
                splits. Scaling data that is never split is not reported.
                """
        case .testSplitInTraining:
            return """
                A test split passed as the data fit (or learning_curve, or lr_find) trains on, or as fit's val:, which \
                picks the epoch early_stop keeps and the runs you compare and choose. Either way the test split stops \
                being unseen, and its final score is optimistic. Validate on the validation split; evaluate on test \
                once, at the end. Which data is a test split is decided as for S302.
                """
        case .testSplitInSweep:
            return """
                A sweep's closure (its trials) reads a test split, for example to return evaluate(run, test) as the \
                objective: the sweep then picks hyperparameters by their test score, and that score stops measuring \
                unseen data. Return the fit's run (scored on val) or a validation metric, and evaluate the best trial \
                on test after the sweep. A fit(val: test) inside the sweep is reported as S304 instead.
                """
        }
    }
}
