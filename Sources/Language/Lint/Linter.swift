/// `strata lint`'s engine: parses Strata code, runs every rule over it (`LintRule`),
/// and applies the `# strata: ignore` comments. A notebook is linted as one program,
/// its code cells in order, as a kernel would run them top to bottom.
///
/// Never runs user code and never fails: a cell that does not parse is reported
/// (S001) and what could be parsed around the error still binds names for the cells
/// after it, so one typo does not bury the notebook in unknown names.
public struct Linter {
    public let registry: BuiltinRegistry
    /// Rules not to run (`strata lint --ignore S201`).
    public var ignored: Set<LintRule> = []

    /// A linter that knows the standard builtins.
    public init(registry: BuiltinRegistry = .standard()) {
        self.registry = registry
    }

    /// The findings of a `.strata` file, in source order.
    public func lint(source: String) -> [LintFinding] {
        lint(units: [(cell: nil, source: source)])
    }

    /// The findings of a notebook's code cells, given in order with their numbers
    /// (1-based among code cells), in cell and source order.
    public func lint(cells: [(number: Int, source: String)]) -> [LintFinding] {
        lint(units: cells.map { (cell: Optional($0.number), source: $0.source) })
    }

    private func lint(units: [(cell: Int?, source: String)]) -> [LintFinding] {
        // Long chains like `1 + 1 + ... + 1` make deep trees: walk them on a large stack,
        // as the session evaluates them.
        LargeStack.run { analyze(units) }
    }

    private func analyze(_ units: [(cell: Int?, source: String)]) -> [LintFinding] {
        let analyzer = LintAnalyzer(registry: registry, rules: Set(LintRule.allCases).subtracting(ignored))
        var findings: [LintFinding] = []
        var suppressions: [Int: LintSuppressions] = [:]
        var fileWide: LintSuppressions.Silenced?
        var broken: Set<Int> = []
        for unit in units {
            let key = unit.cell ?? 0
            let parsed = Parser.parse(unit.source)
            for diagnostic in parsed.diagnostics where diagnostic.severity == .error {
                broken.insert(key)
                guard !ignored.contains(.syntaxError) else { continue }
                let start = SourceLocation(offset: 0, line: 1, column: 1)
                findings.append(
                    LintFinding(
                        rule: .syntaxError, message: diagnostic.message,
                        span: diagnostic.span ?? SourceSpan(start: start, end: start),
                        cell: unit.cell))
            }
            let comments = LintSuppressions(source: unit.source)
            suppressions[key] = comments
            if let file = comments.file { fileWide = fileWide.map { $0.merged(with: file) } ?? file }
            analyzer.analyze(parsed.program, unit: LintUnit(cell: unit.cell, source: unit.source))
        }
        analyzer.finish()
        for finding in analyzer.takeFindings() {
            let key = finding.cell ?? 0
            // In a cell that does not parse, the tree is partial: its own findings are noise.
            guard !broken.contains(key) else { continue }
            if fileWide?.covers(finding.rule) == true, finding.rule.canBeSilenced { continue }
            if suppressions[key]?.silences(finding.rule, line: finding.span.start.line) == true { continue }
            findings.append(finding)
        }
        return findings.sorted(by: LintFinding.inSourceOrder)
    }
}
