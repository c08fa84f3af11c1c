import LanguageTestSupport
import Testing

@testable import Language

@Suite struct FuzzTests {
    @Test func sameSeedSameInputs() {
        var a = ProgramFuzzer(seed: 42)
        var b = ProgramFuzzer(seed: 42)
        var c = ProgramFuzzer(seed: 43)
        let first = (0..<50).map { _ in a.next().input }
        #expect(first == (0..<50).map { _ in b.next().input })
        #expect(first != (0..<50).map { _ in c.next().input })
    }

    @Test func corpusParsesCleanly() {
        for program in ProgramFuzzer.corpus {
            let report = ProgramFuzzer.exercise(program, mustParse: true)
            #expect(report.problems.isEmpty, "\(program)")
            #expect(report.verdict == .complete)
        }
    }

    @Test func grammarProgramsParseCleanly() {
        var fuzzer = ProgramFuzzer(seed: 7)
        for _ in 0..<2_000 {
            let program = fuzzer.grammarProgram()
            let report = ProgramFuzzer.exercise(program, mustParse: true)
            #expect(report.problems.isEmpty, "\(program)")
            if !report.problems.isEmpty { break }
        }
    }

    /// The harness itself notices broken invariants.
    @Test func harnessFlagsAnInputThatMustParseButDoesNot() {
        #expect(!ProgramFuzzer.exercise("a = = b", mustParse: true).problems.isEmpty)
        #expect(ProgramFuzzer.exercise("a = = b").problems.isEmpty)
    }

    /// A bounded run of every strategy: nothing crashes, hangs or breaks an invariant.
    @Test func boundedRun() {
        var fuzzer = ProgramFuzzer(seed: 2024)
        var counts: [ProgramFuzzer.Strategy: Int] = [:]
        var failures: [String] = []
        for _ in 0..<6_000 {
            let (strategy, input) = fuzzer.next()
            counts[strategy, default: 0] += 1
            let report = ProgramFuzzer.exercise(input, mustParse: strategy == .grammar)
            if !report.problems.isEmpty {
                failures.append("\(strategy.rawValue): \(input.debugDescription): \(report.problems)")
                if failures.count >= 5 { break }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(ProgramFuzzer.Strategy.allCases.allSatisfy { (counts[$0] ?? 0) > 1_000 })
    }
}
