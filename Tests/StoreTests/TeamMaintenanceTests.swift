import Foundation
import Testing

@testable import Store
@testable import StorePostgres

/// `strata store verify` and `gc` on the team store (PostgreSQL + S3, when the team
/// services run): gc removes only unreferenced objects older than the grace period,
/// verify names a referenced object that went missing and the row that names it.
@Suite(.enabled(if: TeamBackend.postgresURL != nil, "needs the team services (scripts/team-services.sh)"))
struct TeamMaintenanceTests {
    @Test func gcKeepsReferencedAndRecentObjectsAndVerifyFindsAMissingOne() throws {
        let (store, keep) = try TeamBackend.make()
        defer { withExtendedLifetime(keep) {} }
        let run = try store.beginRun(
            name: "kept", params: .record([]), modelSpec: nil, preprocessing: nil, data: [],
            source: "")
        try store.finishRun(run, outcome: .completed, metrics: [:], weights: Data("the weights".utf8), error: nil)
        let stray = try store.putObject(Data("nobody names me".utf8))
        #expect(try store.verify().isConsistent)

        let patient = try store.collectGarbage(gracePeriod: 3600)
        #expect(patient.removedObjects == 0 && patient.recentUnreferenced == 1 && patient.keptObjects == 2)
        let prompt = try store.collectGarbage(gracePeriod: 0)
        #expect(prompt.removedObjects == 1 && prompt.keptObjects == 1)
        #expect(try store.objects.presentObjects(among: [stray]).isEmpty)
        #expect(try store.object(store.run("kept").weights!) == Data("the weights".utf8))

        let weights = try #require(try store.run("kept").weights)
        try store.objects.removeObjects([weights])
        let report = try store.verify()
        #expect(report.problems == ["object \(weights) is missing (weights of run \(run))"])
    }
}
