import Foundation
import Testing

@testable import Serve

/// Live pages are rendered once per interval for all their viewers.
@Suite struct LivePageRendersTests {
    /// Counts the renders a page got, and holds each one until released.
    actor Renderer {
        private(set) var count = 0
        func render(_ page: String) async -> String? {
            count += 1
            try? await Task.sleep(for: .milliseconds(50))
            return "<main>\(page) \(count)</main>"
        }
    }

    @Test("viewers of one page share a render; another page, or an older render, renders again")
    func sharing() async {
        let renders = LivePageRenders()
        let renderer = Renderer()
        // Ten streams of the same page asking at once: one render, the same content for all.
        let mains = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    await renders.main(of: "/runs", maxAge: .seconds(5)) { await renderer.render("/runs") }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(await renderer.count == 1)
        #expect(Set(mains) == ["<main>/runs 1</main>"])
        // Another page is rendered for itself.
        #expect(await renders.main(of: "/sweeps", maxAge: .seconds(5)) { await renderer.render("/sweeps") } != nil)
        #expect(await renderer.count == 2)
        // A render older than the interval is not reused.
        try? await Task.sleep(for: .milliseconds(120))
        let fresh = await renders.main(of: "/runs", maxAge: .milliseconds(100)) { await renderer.render("/runs") }
        #expect(fresh == "<main>/runs 3</main>")
        #expect(await renders.started == 3)
    }
}
