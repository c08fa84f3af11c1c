import Ingest
import Render
import TextFormat

/// What `crawl(url, ...)` returns (`type(c)` is `"crawl"`): a crawl to give `ingest`,
/// which runs it. Fields: `.url`, `.match`, `.follow`, `.depth`, `.delay`.
public final class CrawlValue: NativeValue {
    public let plan: CrawlPlan

    init(plan: CrawlPlan) {
        self.plan = plan
    }

    public var typeName: String { "crawl" }

    public var memberNames: [String] { ["url", "match", "follow", "depth", "delay"] }

    public func member(named name: String) -> Value? {
        switch name {
        case "url": .string(plan.start.description)
        case "match": .string(plan.match.text)
        case "follow": plan.follow.map { .string($0.text) } ?? .nil
        case "depth": .number(Double(plan.depth))
        case "delay": .number(plan.delay)
        default: nil
        }
    }

    /// `crawl of https://example.org/pets/: files matching *.png, up to 1 link away, 1 s between requests`.
    public var summary: String {
        let links = plan.depth == 1 ? "1 link" : "\(plan.depth) links"
        var text = "crawl of \(plan.start): files matching \(plan.match), up to \(links) away"
        if let follow = plan.follow { text += ", following pages matching \(follow)" }
        return text + ", \(NumberText.shortest(plan.delay)) s between requests"
    }

    public func display() -> MimeBundle {
        MimeBundle(plain: summary + " (ingest(c, into: folder) runs it)")
    }
}
