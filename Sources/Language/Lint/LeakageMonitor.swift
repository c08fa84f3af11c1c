import Data

/// The leakage rules (S302-S305) of the linter, run on each cell as the session
/// executes it, so the notebook warns on stderr the moment such a cell runs:
/// `warning S302: standardize(val) fits the scaler on a validation split; pass using: train`.
///
/// One per session (a session service). It keeps the analysis' global scope from cell
/// to cell, in the order the cells ran, so it knows which bindings came from `split`;
/// for a name bound some other way it asks the session's value (a dataset that is a
/// part of a split says which part). Each rule warns once per binding per session.
/// It only reads the parsed tree: a few microseconds per cell, and nothing can fail.
final class LeakageMonitor {
    private let analyzer: LintAnalyzer
    /// `S302 val`: what was already said.
    private var warned: Set<String> = []

    init(registry: BuiltinRegistry) {
        analyzer = LintAnalyzer(registry: registry, rules: Set(LintRule.allCases.filter(\.isLeakage)))
    }

    /// The warnings for a cell about to run, each once per session, as lines without
    /// their line break.
    func warnings(for program: Program, source: String, sessionRole: @escaping (String) -> DataRole?) -> [String] {
        analyzer.sessionRole = sessionRole
        // The closure reaches the session, which keeps this monitor: do not hold on to it.
        defer { analyzer.sessionRole = nil }
        analyzer.analyze(program, unit: LintUnit(cell: nil, source: source))
        analyzer.analyzeClosures()
        let findings = analyzer.takeFindings()
        guard !findings.isEmpty else { return [] }
        let comments = LintSuppressions(source: source)
        var lines: [String] = []
        for finding in findings.sorted(by: LintFinding.inSourceOrder) {
            if comments.file?.covers(finding.rule) == true
                || comments.silences(finding.rule, line: finding.span.start.line)
            {
                continue
            }
            guard warned.insert(finding.rule.code + " " + (finding.subject ?? finding.message)).inserted else {
                continue
            }
            lines.append("warning \(finding.rule.code): \(finding.message)")
        }
        return lines
    }

    /// The role a session value states by itself: a dataset that `split` made knows
    /// which part it is.
    static func role(of value: Value) -> DataRole? {
        guard case .native(let native) = value, let dataset = native as? DatasetValue,
            dataset.dataset.lineage.operation == "split",
            let part = dataset.dataset.lineage.parameters["part"].flatMap(Int.init)
        else { return nil }
        let count = dataset.dataset.lineage.parameters["fractions"].map { $0.split(separator: ",").count }
        return DataRole.ofSplitPart(part, of: count)
    }
}

extension Session {
    /// Writes the leakage warnings for a parsed cell to the host's stderr.
    func warnAboutLeakage(in program: Program, source: String, host: Host) {
        let state = self.state
        let monitor = state.services.get(LeakageMonitor.self) { LeakageMonitor(registry: state.registry) }
        let lines = monitor.warnings(for: program, source: source) { name in
            state.globals.lookup(name).flatMap(LeakageMonitor.role(of:))
        }
        for line in lines { host.write(line + "\n", to: .stderr) }
    }
}
