import Foundation
import Testing

@testable import Render

@Suite("Samples")
struct SampleOutputTests {
    /// Writes every sample figure as SVG and PNG when RENDER_SAMPLES names a folder,
    /// so a person can look at them; otherwise just renders them.
    @Test func writeSamples() throws {
        let folder = ProcessInfo.processInfo.environment["RENDER_SAMPLES"]
        for (name, figure) in SampleFigures.all {
            let svg = try FigureRenderer.svg(figure)
            let png = try FigureRenderer.png(figure)
            #expect(
                svg.contains("<svg") && svg.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</svg>"),
                "\(name)")
            let file = try #require(PNGFile(png), "\(name): not a PNG")
            #expect(file.chunks.allSatisfy { $0.crcMatches }, "\(name)")
            #expect(file.header.map { $0.width > 0 && $0.height > 0 } == true, "\(name)")
            #expect(file.chunks.last?.type == "IEND", "\(name)")
            if let folder {
                try Data(svg.utf8).write(to: URL(fileURLWithPath: folder + "/\(name).svg"))
                try Data(png).write(to: URL(fileURLWithPath: folder + "/\(name).png"))
            }
        }
        let panels = try FigureRenderer.render(
            panels: [SampleFigures.loss, SampleFigures.histogram], title: "run iris-mlp")
        if let folder, let png = panels.data["image/png"], let bytes = Data(base64Encoded: png) {
            try bytes.write(to: URL(fileURLWithPath: folder + "/panels.png"))
        }
    }
}
