import Experiments
import Learn
import Store
import Testing

@Suite("Objectives")
struct ObjectiveTests {
    @Test func goalFollowsTheMetricUnlessGiven() throws {
        #expect(try Objective(metric: "val_accuracy").goal == .max)
        #expect(try Objective(metric: "loss").goal == .min)
        #expect(try Objective(metric: "rmse").goal == .min)
        #expect(try Objective(metric: "r2").goal == .max)
        #expect(try Objective(metric: "rmse", goal: .max).goal == .max)
        #expect(try Objective.goal("auto") == nil)
        #expect(throws: ObjectiveError.unknownGoal("maximize")) { try Objective.goal("maximize") }
    }

    struct BadCase: Sendable, CustomStringConvertible {
        let weights: [String: Double]
        let requirements: [String: Double]
        let expected: ObjectiveError
        var description: String { "\(weights) \(requirements)" }
    }

    @Test(
        "bad objectives name the problem",
        arguments: [
            BadCase(
                weights: ["acuracy": 1], requirements: [:], expected: .unknownMetric("acuracy", suggestion: "accuracy")),
            BadCase(
                weights: ["accuracy": 1], requirements: ["accuracy": 1.5],
                expected: .thresholdOutOfRange(metric: "accuracy", threshold: 1.5, range: 0...1)),
            BadCase(
                weights: ["accuracy": 1], requirements: ["rmse": -1],
                expected: .thresholdOutOfRange(metric: "rmse", threshold: -1, range: 0...Double.infinity)),
            BadCase(
                weights: ["accuracy": 1], requirements: ["r2": 2],
                expected: .thresholdOutOfRange(metric: "r2", threshold: 2, range: -Double.infinity...1)),
            BadCase(weights: [:], requirements: [:], expected: .noMetrics),
            BadCase(
                weights: ["precision": 0], requirements: [:], expected: .invalidWeight(metric: "precision", weight: 0)),
            BadCase(
                weights: ["accuracy": 0.5, "loss": 0.5], requirements: [:],
                expected: .mixedDirections(higher: ["accuracy"], lower: ["loss"])),
        ])
    func badObjectives(_ bad: BadCase) {
        let weights = bad.weights.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let requirements = bad.requirements.map { ($0.key, $0.value) }
        #expect(throws: bad.expected) { try Objective(weights: weights, requirements: requirements) }
    }

    @Test func bareNamesReadValidationWhenPresent() throws {
        let recall = try Objective(metric: "recall")
        #expect(recall.score(["recall": 0.5, "val_recall": 0.7]) == 0.7)
        #expect(recall.score(["recall": 0.5]) == 0.5)
        #expect(try Objective(metric: "val_recall").score(["recall": 0.5]) == nil)
        #expect(recall.score(["val_recall": .nan]) == nil)
    }

    @Test func weightedAverage() throws {
        let objective = try Objective(weights: [("precision", 1), ("recall", 3)])
        #expect(objective.score(["val_precision": 0.8, "val_recall": 0.4]) == 0.5)
        #expect(objective.description == "max 1 precision + 3 recall")
    }

    @Test func runsMissingARequirementRankBelowEveryRunMeetingAll() throws {
        let objective = try Objective(metric: "val_recall", requirements: [("val_precision", 0.9)])
        let runs: [(String, [String: Double])] = [
            ("best recall, imprecise", ["val_recall": 0.99, "val_precision": 0.5]),
            ("precise", ["val_recall": 0.6, "val_precision": 0.95]),
            ("no recall", ["val_precision": 0.99]),
            ("more precise, less recall", ["val_recall": 0.5, "val_precision": 0.97]),
            ("no precision", ["val_recall": 0.98]),
        ]
        let order = objective.ranked(runs) { $0.1 }.map(\.0)
        #expect(
            order == ["precise", "more precise, less recall", "best recall, imprecise", "no precision", "no recall"])
        // Minimised: smallest first; equal scores keep their order.
        let loss = try Objective(metric: "val_loss")
        let ties = [("a", ["val_loss": 0.3]), ("b", ["val_loss": 0.1]), ("c", ["val_loss": 0.3])]
        #expect(loss.ranked(ties) { $0.1 }.map(\.0) == ["b", "a", "c"])
    }

    @Test func taskChecks() throws {
        #expect(throws: ObjectiveError.notForTask(metric: "auc", classification: false)) {
            try Objective(metric: "auc").check(classification: false)
        }
        #expect(throws: ObjectiveError.notForTask(metric: "val_r2", classification: true)) {
            try Objective(metric: "accuracy", requirements: [("val_r2", 0.5)]).check(classification: true)
        }
        // Over runs: regression runs only cannot have auc; none recording it is said so.
        #expect(throws: ObjectiveError.notForTask(metric: "auc", classification: false)) {
            try Objective(metric: "auc").check(runs: [["loss": 1, "rmse": 2]])
        }
        #expect(throws: ObjectiveError.notRecorded(metric: "auc")) {
            try Objective(metric: "auc").check(runs: [["loss": 1, "accuracy": 0.5]])
        }
        try Objective(metric: "auc").check(runs: [["rmse": 2], ["auc": 0.7]])
    }

    @Test func recordRoundTrips() throws {
        let objectives = [
            try Objective(metric: "val_auc"),
            try Objective(
                weights: [("precision", 0.5), ("recall", 0.5)], goal: .max,
                requirements: [("val_accuracy", 0.8), ("val_loss", 0.4)]),
        ]
        for objective in objectives {
            #expect(Objective(record: objective.record) == objective)
            #expect(Objective(record: ParamValue.parse(objective.record.json)!) == objective)
        }
        #expect(Objective(record: .string("val_auc")) == nil)
    }

    @Test func earlyStoppingKeepsTheEpochThatRanksBest() throws {
        let objective = try Objective(metric: "val_auc", requirements: [("val_accuracy", 0.6)])
        let monitor = objective.earlyStopMonitor(metrics: [.accuracy, .auc])
        func epoch(_ auc: Double, accuracy: Double) -> EpochRecord {
            EpochRecord.stored(
                epoch: 1, loss: 1, metrics: [], validationLoss: 1,
                validationMetrics: [
                    MetricValue(metric: .accuracy, value: accuracy),
                    MetricValue(metric: .auc, value: auc),
                ], seconds: 1)
        }
        #expect(monitor.isImprovement(epoch(0.8, accuracy: 0.7), over: epoch(0.7, accuracy: 0.7)))
        #expect(!monitor.isImprovement(epoch(0.9, accuracy: 0.5), over: epoch(0.7, accuracy: 0.7)))
        #expect(monitor.isImprovement(epoch(0.6, accuracy: 0.7), over: epoch(0.9, accuracy: 0.5)))
        #expect(!monitor.isImprovement(epoch(.nan, accuracy: 0.7), over: epoch(0.5, accuracy: 0.7)))
    }
}
