import Experiments
import Testing

/// The course's bias-variance analysis of errors.
@Suite struct BiasVarianceDiagnosisTests {
    typealias Errors = BiasVarianceDiagnosis.Errors

    @Test("the course's worked example: goal 1%, train 20%, val 27%, test 28%: bias 0.19 is the largest")
    func courseExample() throws {
        let diagnosis = try BiasVarianceDiagnosis(Errors(goal: 0.01, train: 0.20, val: 0.27, test: 0.28), rates: true)
        #expect(diagnosis.terms.map(\.term) == [.irreducible, .bias, .variance, .valOverfitting])
        #expect(diagnosis.terms.map(\.value) == [0.01, 0.19, 0.07, 0.01])
        #expect(diagnosis.largest == .bias)
        #expect(
            diagnosis.remedies == [
                "bigger model", "less regularisation", "error analysis", "better architecture",
                "tune hyperparameters", "more features",
            ])
        let table = diagnosis.table
        #expect(table.rows.map { $0[0] } == ["irreducible", "bias", "variance", "val_overfitting"])
        #expect(table.rows[1].last == "<- largest")
        #expect(table.rows.filter { $0.last == "<- largest" }.count == 1)
        #expect(table.caption == "errors: goal 0.01, train 0.2, val 0.27, test 0.28")
    }

    @Test(
        "each term can be the largest, and brings its own remedies",
        arguments: [
            (Errors(goal: 0.01, train: 0.02, val: 0.15), BiasVarianceDiagnosis.Term.variance, "more data"),
            (Errors(goal: 0.01, train: 0.02, trainVal: 0.03, val: 0.15), .shift, "analyse test-val errors"),
            (
                Errors(goal: 0, train: 0.02, val: 0.03, test: 0.2), .valOverfitting,
                "re-sample the validation set (get a bigger one)"
            ),
            (Errors(goal: 0.05, train: 0.15, trainVal: 0.16, val: 0.17, test: 0.18), .bias, "bigger model"),
        ])
    func largest(errors: Errors, term: BiasVarianceDiagnosis.Term, firstRemedy: String) throws {
        let diagnosis = try BiasVarianceDiagnosis(errors, rates: true)
        #expect(diagnosis.largest == term)
        #expect(diagnosis.remedies.first == firstRemedy)
        #expect(diagnosis.remedies == term.remedies)
    }

    @Test("shift appears only with train_val, val_overfitting only with test; variance uses train_val when given")
    func termsThatApply() throws {
        let plain = try BiasVarianceDiagnosis(Errors(goal: 0, train: 0.1, val: 0.3), rates: true)
        #expect(plain.terms.map(\.term) == [.irreducible, .bias, .variance])
        #expect(plain.terms[2].value == 0.2)
        let full = try BiasVarianceDiagnosis(
            Errors(goal: 0, train: 0.1, trainVal: 0.15, val: 0.3, test: 0.32), rates: true)
        #expect(full.terms.map(\.term) == [.irreducible, .bias, .variance, .shift, .valOverfitting])
        #expect(full.terms.map(\.value) == [0, 0.1, 0.05, 0.15, 0.02])
        #expect(
            full.table.rows.map { $0[2] } == [
                "goal", "train - goal", "train_val - train", "val - train_val", "test - val",
            ])
    }

    @Test("the first of equal terms is the largest: bias before variance")
    func ties() throws {
        #expect(try BiasVarianceDiagnosis(Errors(goal: 0, train: 0.1, val: 0.2), rates: true).largest == .bias)
    }

    @Test(
        "losses need only be finite and not negative; rates lie from 0 to 1",
        arguments: [
            (Errors(goal: 0, train: -0.1, val: 0.2), true, BiasVarianceDiagnosis.Problem.negative(.train, -0.1)),
            (Errors(goal: 0, train: 0.1, val: 1.2), true, .aboveOne(.val, 1.2)),
            (Errors(goal: 1.5, train: 0.1, val: 0.2), true, .aboveOne(.goal, 1.5)),
            (Errors(goal: 0, train: 0.1, val: 0.2, test: .nan), false, .notFinite(.test, .nan)),
            (Errors(goal: 0, train: 0.1, trainVal: -1, val: 0.2), false, .negative(.trainVal, -1)),
        ])
    func badErrors(errors: Errors, rates: Bool, problem: BiasVarianceDiagnosis.Problem) {
        #expect {
            try BiasVarianceDiagnosis(errors, rates: rates)
        } throws: { error in
            guard let error = error as? BiasVarianceDiagnosis.Problem else { return false }
            // NaN never equals itself: compare the names and the description's kind.
            return error.name == problem.name && error.description.prefix(20) == problem.description.prefix(20)
        }
        #expect(problem.description.contains(problem.name.rawValue))
    }

    @Test("losses above 1 are fine when the errors are not rates")
    func largeLosses() throws {
        let diagnosis = try BiasVarianceDiagnosis(Errors(goal: 0, train: 3.5, val: 12.25), rates: false)
        #expect(diagnosis.largest == .variance)
        #expect(diagnosis.terms[2].value == 8.75)
    }
}
