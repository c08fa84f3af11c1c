import Testing

@testable import Ingest

/// Links as a crawl sees them: anchors and images, resolved, each once, and nothing
/// from comments, scripts or links that name no web resource.
struct LinkExtractorTests {
    let page = WebAddress("https://Example.org:443/gallery/index.html")!

    func links(_ html: String, page: WebAddress? = nil) -> [String] {
        LinkExtractor.links(in: Array(html.utf8), page: page ?? self.page).map(\.description)
    }

    @Test("anchors and images, resolved against the page, in order, each once")
    func anchorsAndImages() {
        let html = """
            <html><body>
            <A HREF="cats.html">cats</A> <a href='/about'>about</a>
            <img src="img/cat%201.png" alt="a cat"><IMG SRC=img/dog.jpg>
            <a href="cats.html#top">again</a>
            <a href="../up.png">up</a> <a href="https://other.example/x.png">other</a>
            <img srcset="small.png 1x, big.png 2x">
            </body></html>
            """
        #expect(
            links(html) == [
                "https://example.org/gallery/cats.html", "https://example.org/about",
                "https://example.org/gallery/img/cat%201.png", "https://example.org/gallery/img/dog.jpg",
                "https://example.org/up.png", "https://other.example/x.png",
                "https://example.org/gallery/small.png", "https://example.org/gallery/big.png",
            ])
    }

    @Test("comments, scripts, styles and non-web links are left out")
    func skipped() {
        let html = """
            <!-- <a href="commented.png"> -->
            <script>var s = '<a href="scripted.png">';</script>
            <style>a { background: url(<a href="styled.png">) }</style>
            <a href="mailto:me@example.org">mail</a><a href="javascript:void(0)">js</a>
            <a href="#section">here</a><a href="">empty</a><a>none</a>
            <a href="kept.png">kept</a>
            """
        #expect(links(html) == ["https://example.org/gallery/kept.png"])
    }

    @Test("character references in attributes, spaces and non-ASCII in URLs, <base href>")
    func referencesAndBase() {
        let html = """
            <base href="https://example.org/assets/">
            <a href="list?a=1&amp;b=2">q</a>
            <img src="  my photo.png ">
            <img src="caf\u{e9}.png">
            <a href="&#47;root.png">r</a>
            """
        #expect(
            links(html) == [
                "https://example.org/assets/list?a=1&b=2", "https://example.org/assets/my%20photo.png",
                "https://example.org/assets/caf%C3%A9.png", "https://example.org/root.png",
            ])
    }

    @Test("broken markup does not stop the scan")
    func broken() {
        let html = "if a < b <a href=\"one.png\"> 3 <> </ > <img src=two.png><a href='unterminated.png"
        #expect(
            links(html).prefix(2) == ["https://example.org/gallery/one.png", "https://example.org/gallery/two.png"])
    }
}

/// URLs in the one form the crawler compares.
struct WebAddressTests {
    @Test(
        "normalised: lower-case scheme and host, no default port, no fragment, dot segments gone",
        arguments: [
            ("HTTP://Example.ORG:80/a/./b/../c.png#frag", "http://example.org/a/c.png"),
            ("https://example.org", "https://example.org/"),
            ("http://127.0.0.1:8080/x?y=1", "http://127.0.0.1:8080/x?y=1"),
        ])
    func normalised(_ input: String, _ expected: String) {
        #expect(WebAddress(input)?.description == expected)
    }

    @Test(
        "other schemes and relative references are not web addresses",
        arguments: ["ftp://example.org/a", "mailto:a@b.c", "/relative/path", "not a url"])
    func rejected(_ input: String) {
        #expect(WebAddress(input) == nil)
    }

    @Test("origin, robots.txt address and decoded file name")
    func parts() {
        let address = WebAddress("https://example.org:8443/pets/My%20Cat.PNG?size=2")!
        #expect(address.origin == "https://example.org:8443")
        #expect(address.robotsAddress.description == "https://example.org:8443/robots.txt")
        #expect(address.fileName == "My Cat.PNG")
        #expect(address.pathAndQuery == "/pets/My%20Cat.PNG?size=2")
    }
}
