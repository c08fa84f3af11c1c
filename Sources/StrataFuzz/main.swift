// strata-fuzz: feeds the language front end (lexer, parser, completeness checker,
// diagnostic renderer, formatter) random token soup, random grammar programs and
// mutations of valid programs, and checks that nothing crashes, hangs or breaks an
// invariant. Every input that parses is also formatted: formatting twice must equal
// formatting once, and the formatted code must parse to the same tree.
//
//     strata-fuzz [--count N] [--seed S] [--replay INDEX]
//
// Inputs are a pure function of the seed and their index, so a failure printed with
// its index can be replayed with the same seed: `--replay INDEX` prints that input,
// its diagnostics and its timing instead of running the campaign.
import Dispatch
import Language
import LanguageTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct Options {
    var count = 1_000_000
    var seed: UInt64 = 1
    var replay: Int?
}

func parseOptions(_ arguments: [String]) -> Options? {
    var options = Options()
    var rest = arguments.dropFirst()
    while let flag = rest.popFirst() {
        switch flag {
        case "--count":
            guard let value = rest.popFirst().flatMap({ Int($0) }), value >= 0 else { return nil }
            options.count = value
        case "--seed":
            guard let value = rest.popFirst().flatMap({ UInt64($0) }) else { return nil }
            options.seed = value
        case "--replay":
            guard let value = rest.popFirst().flatMap({ Int($0) }), value >= 0 else { return nil }
            options.replay = value
        default:
            return nil
        }
    }
    return options
}

guard let options = parseOptions(CommandLine.arguments) else {
    print("usage: strata-fuzz [--count N (default 1000000)] [--seed S (default 1)] [--replay INDEX]")
    exit(2)
}

if let replay = options.replay {
    var fuzzer = ProgramFuzzer(seed: options.seed)
    for _ in 0..<replay { _ = fuzzer.next() }
    let (strategy, input) = fuzzer.next()
    let before = DispatchTime.now().uptimeNanoseconds
    let report = ProgramFuzzer.exercise(input, mustParse: strategy == .grammar)
    let elapsed = DispatchTime.now().uptimeNanoseconds - before
    print(
        "#\(replay) (\(strategy.rawValue), \(input.unicodeScalars.count) scalars, \(elapsed / 1_000) µs): \(input.debugDescription)"
    )
    print("verdict: \(report.verdict)")
    print(DiagnosticRenderer.render(Parser.parse(input).diagnostics, source: input))
    if let formatted = try? Formatter.format(input) { print("formatted: \(formatted.debugDescription)") }
    for problem in report.problems { print("PROBLEM: \(problem)") }
    exit(report.problems.isEmpty ? 0 : 1)
}

/// An input slower than this counts as a hang.
let hangThreshold: UInt64 = 1_000_000_000

var fuzzer = ProgramFuzzer(seed: options.seed)
var perStrategy: [ProgramFuzzer.Strategy: Int] = [:]
var verdicts: [String: Int] = [:]
var withDiagnostics = 0
var totalDiagnostics = 0
var formatted = 0
var failures = 0
var slowest: (nanoseconds: UInt64, index: Int, input: String) = (0, -1, "")
let started = DispatchTime.now().uptimeNanoseconds

for index in 0..<options.count {
    let (strategy, input) = fuzzer.next()
    perStrategy[strategy, default: 0] += 1
    let before = DispatchTime.now().uptimeNanoseconds
    let report = ProgramFuzzer.exercise(input, mustParse: strategy == .grammar)
    let elapsed = DispatchTime.now().uptimeNanoseconds - before
    if elapsed > slowest.nanoseconds { slowest = (elapsed, index, input) }

    switch report.verdict {
    case .complete: verdicts["complete", default: 0] += 1
    case .incomplete: verdicts["incomplete", default: 0] += 1
    case .invalid: verdicts["invalid", default: 0] += 1
    }
    if report.diagnosticCount > 0 { withDiagnostics += 1 }
    if report.formatted { formatted += 1 }
    totalDiagnostics += report.diagnosticCount
    if !report.problems.isEmpty || elapsed > hangThreshold {
        failures += 1
        if failures <= 20 {
            let problems =
                elapsed > hangThreshold ? report.problems + ["took \(elapsed / 1_000_000) ms"] : report.problems
            print("FAIL #\(index) (\(strategy.rawValue)): \(input.debugDescription)")
            for problem in problems { print("    \(problem)") }
        }
    }
    if (index + 1) % 100_000 == 0 {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        print("... \(index + 1) inputs, \(Int(Double(index + 1) / seconds)) inputs/s, \(failures) failures")
    }
}

let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
print("inputs: \(options.count) (seed \(options.seed))")
for strategy in ProgramFuzzer.Strategy.allCases {
    print("  \(strategy.rawValue): \(perStrategy[strategy] ?? 0)")
}
print("with diagnostics: \(withDiagnostics) (\(totalDiagnostics) diagnostics in all)")
print("formatted (twice, same tree): \(formatted)")
print(
    "verdicts: " + ["complete", "incomplete", "invalid"].map { "\($0) \(verdicts[$0] ?? 0)" }.joined(separator: ", "))
print("slowest input: #\(slowest.index), \(slowest.nanoseconds / 1_000) µs")
print("time: \(format2(seconds)) s, \(Int(Double(options.count) / max(seconds, 1e-9))) inputs/s")
print(failures == 0 ? "no failures" : "\(failures) FAILURES")
exit(failures == 0 ? 0 : 1)

/// Seconds with two decimals, without Foundation.
func format2(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
