import Foundation
import Ingest
import Store
import TextFormat

/// The collecting side of data: `ingest` copies sources into a folder with their
/// provenance, and `crawl` describes a crawl for it to run. The work happens in the
/// Ingest target; these check the arguments, adapt the host and track the folder.
enum IngestBuiltins {
    static var all: [Builtin] { [ingest, crawl] }

    static var ingest: Builtin {
        Builtin(
            "ingest",
            parameters: [
                .positional("sources"), .requiredLabel("into", placeholder: "folder"),
                .labelled("retries", default: .number(3)), .labelled("timeout", default: .number(30)),
            ],
            summary:
                "Copies files, URLs, S3 prefixes or a crawl into a folder, records where each came from, and tracks it.",
            details: """
                sources: one source or a list of them. A local path copies a file, or a folder's files (hidden ones \
                left out); a glob (data/*.png, data/{cat,dog}/*.jpg) copies what it matches, each file at its path \
                below the glob's folders. An http(s):// URL fetches one file under its name. An s3://bucket/prefix \
                copies every object under the prefix, at its key below it, with the AWS_* settings the team store \
                uses (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). crawl(url, ...) fetches the files \
                a crawl of a site finds. A relative path is read from the notebook's folder, as is into.
                Each file goes to a temporary file beside the folder and is moved in only when complete, so the \
                folder never holds part of a file. The store records each file's source, time, size, SHA-256, ETag \
                and Last-Modified; the next ingest asks web servers for a file only if it changed (If-None-Match, \
                If-Modified-Since), skips S3 objects whose size and time are unchanged, and leaves files whose bytes \
                are already in the folder alone. At the end the folder is tracked (as track(into) does): .version \
                is its version id, which a run trained on data loaded from it names in run.sources.
                A request that fails (404, 408, 429, 5xx, no answer within timeout seconds, a dropped connection) is \
                tried again up to retries times, waiting 1 s, then 2 s, 4 s... (longer if the server's Retry-After \
                asks); then it is a "failed" row with the reason. Interrupting stops at once; what was fetched stays \
                and is recorded. Requests go one at a time, with the User-Agent Strata/<version> (+ingest).
                Returns a table, a row per file or URL: source, file, status ("fetched", "unchanged", "skipped", \
                "failed"), bytes, sha256, etag, last_modified, reason, attempts. Fields .version, .folder, .fetched, \
                .unchanged, .skipped, .failed (counts), .pages and .rows (the rows as a dataset).
                """
        ) { call throws(RuntimeError) in
            let sources = try sourceList(call)
            let folder = (call.resolvedPath(try call.string("into")) as NSString).standardizingPath
            let retries = try call.wholeNumber("retries")
            guard (0...20).contains(retries) else {
                throw call.invalid("retries", "'retries' must be a whole number from 0 to 20, got \(retries)")
            }
            let timeout = try call.number("timeout")
            guard timeout > 0, timeout.isFinite else {
                throw call.invalid(
                    "timeout", "'timeout' must be a number of seconds above 0, got \(NumberText.shortest(timeout))")
            }
            let store = try call.localStore(for: "ingest")
            let options = IngestOptions(
                retries: retries, timeout: timeout,
                userAgent: "Strata/\(Session.languageVersion) (+ingest)",
                environment: ProcessInfo.processInfo.environment)
            let progress = IngestProgress(host: call.host)
            let report: IngestReport
            do throws(IngestError) {
                report = try Ingestor.run(sources, into: folder, log: store, options: options, observer: progress)
            } catch {
                if case .interrupted(let partial) = error {
                    progress.finish("interrupted")
                    call.host.write(
                        "ingest: interrupted after \(partial.tally); what was fetched is in '\(folder)'\n",
                        to: .stderr)
                    throw .interrupted(span: call.span)
                }
                throw call.failure(error.description)
            }
            do throws(StoreError) {
                let version = try store.track(folder).id.hex
                progress.finish("done, version \(version.prefix(12))")
                return .native(IngestValue(report: report, version: version))
            } catch {
                throw call.failure(error.description)
            }
        }
    }

    static var crawl: Builtin {
        Builtin(
            "crawl",
            parameters: [
                .positional("url"), .labelled("match", default: .string("*"), shown: "\"*\""),
                .labelled("follow", default: .nil), .labelled("depth", default: .number(1)),
                .labelled("delay", default: .number(1)),
            ],
            summary: "A crawl of a site for ingest: the files it links to whose names match, up to depth links away.",
            details: """
                Starting at url, ingest reads the page and follows its links (<a href>, <img src>) that stay on the \
                same site (scheme, host and port), breadth first. A linked file whose name (the URL's last segment) \
                matches match (a glob, ignoring case: "*.png", "*.{jpg,jpeg}") is kept, at its path below the start \
                page's folder; a page is read for more links when it is fewer than depth links from the start and its \
                whole URL matches follow (a glob; nil reads every page of the site). depth: 0 is the start URL \
                alone; 1, the default, also what it links to. Links that are neither are listed as "skipped".
                The site's robots.txt is read first and obeyed for the product token Strata (RFC 9309: the longest \
                matching rule wins, * and $ in paths; a robots.txt that answers 5xx or not at all stops the crawl of \
                that site); a disallowed URL is a "skipped" row naming the rule. Requests to the site go one at a \
                time with delay seconds between them, or the robots.txt crawl-delay when that is longer.
                """
        ) { call throws(RuntimeError) in
            let url = try call.string("url")
            guard let start = WebAddress(url) else {
                throw call.invalid("url", "'url' must be an http(s):// URL, got \(call.argument("url").plainText())")
            }
            let match = try call.string("match")
            var follow: GlobPattern?
            switch call.argument("follow") {
            case .nil: follow = nil
            case .string(let pattern): follow = GlobPattern(pattern)
            default: throw call.mismatch("follow", expected: "a glob (a string) or nil")
            }
            let depth = try call.wholeNumber("depth")
            guard depth >= 0 else {
                throw call.invalid("depth", "'depth' must be a whole number from 0 up, got \(depth)")
            }
            let delay = try call.number("delay")
            guard delay >= 0, delay.isFinite else {
                throw call.invalid(
                    "delay", "'delay' must be a number of seconds from 0 up, got \(NumberText.shortest(delay))")
            }
            return .native(
                CrawlValue(
                    plan: CrawlPlan(
                        start: start, match: GlobPattern(match, caseSensitive: false),
                        follow: follow, depth: depth, delay: delay)))
        }
    }

    /// `sources` as a list of sources: a string or a crawl, or a list of them.
    private static func sourceList(_ call: BuiltinCall) throws(RuntimeError) -> [IngestSource] {
        let items: [Value]
        if case .list(let list) = call.argument("sources") { items = list } else { items = [call.argument("sources")] }
        guard !items.isEmpty else { throw call.invalid("sources", "'sources' is an empty list; name at least one") }
        var sources: [IngestSource] = []
        for item in items {
            switch item {
            case .native(let native as CrawlValue):
                sources.append(.crawl(native.plan))
            case .string(let text):
                do throws(IngestError) {
                    let parsed = try IngestSource.parse(text)
                    if case .local(let path) = parsed {
                        sources.append(.local((call.resolvedPath(path) as NSString).standardizingPath))
                    } else {
                        sources.append(parsed)
                    }
                } catch {
                    throw call.invalid("sources", error.description)
                }
            default:
                throw call.invalid(
                    "sources",
                    "'sources' must be paths, URLs or crawls (or a list of them), got "
                        + item.typePhrase)
            }
        }
        return sources
    }
}
