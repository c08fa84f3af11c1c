import Digest
import HTTPTypes

/// A rendered page: its title, the inner HTML of `<main>` (what live updates swap),
/// and its status.
struct DashboardPage: Sendable, Equatable {
    var title: String
    var main: String
    var status: HTTPResponse.Status = .ok
    /// Whether the page changes while runs train, so its script subscribes to updates.
    var live = false

    /// A short digest of `main`: the page's live script hands it to `/events`, so a
    /// stream (first or reconnected) sends what changed since the browser's copy, not
    /// since the stream began.
    static func version(of main: String) -> String {
        let bytes = Array(main.utf8)
        return String(bytes.withUnsafeBytes { SHA256Hasher.hash($0) }.prefix(16))
    }

    /// The whole document: head with the inline style, the navigation, `<main>`.
    func document(section: String?) -> String {
        let links = [
            ("runs", "/runs", "Runs"), ("sweeps", "/sweeps", "Sweeps"), ("data", "/data", "Data"),
            ("serving", "/serving", "Serving"),
        ]
        let nav = links.map { key, href, label in
            "<a href=\"\(href)\"" + (key == section ? " class=\"current\"" : "") + ">\(label)</a>"
        }.joined(separator: " ")
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <link rel="icon" href="data:,">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.text(title)) · Strata</title>
            <style>\(DashboardAssets.style)</style>
            <script src="/static/ui.js" defer></script>
            </head>
            <body\(live ? " data-live=\"1\"" : "")>
            <nav class="top"><span class="brand">Strata</span> \(nav)</nav>
            <main id="main" data-version="\(Self.version(of: main))">
            \(main)</main>
            </body>
            </html>

            """
    }
}
