import Foundation

/// Where the tiles of an image grid go, for a given width.
struct ImageGridLayout {
    var columns: Int
    var rows: Int
    /// CSS pixels per image pixel.
    var pixelSize: Double
    var tileWidth: Double
    var tileHeight: Double
    var captionHeight: Double
    var gap: Double

    static let maxTile = 96.0

    init(grid: ImageGrid, width: Double) {
        let count = grid.images.count
        columns = max(1, min(count, grid.columns ?? 8))
        rows = max(1, (count + columns - 1) / columns)
        gap = 10
        let imageWidth = Double(grid.images.map(\.width).max() ?? 1)
        let imageHeight = Double(grid.images.map(\.height).max() ?? 1)
        let room = min(ImageGridLayout.maxTile, (width - gap * Double(columns - 1)) / Double(columns))
        // Whole CSS pixels per image pixel keep the pixels square and sharp in the PNG.
        let whole = (room / imageWidth).rounded(.down)
        pixelSize = whole >= 1 ? whole : max(0.25, room / imageWidth)
        tileWidth = imageWidth * pixelSize
        tileHeight = imageHeight * pixelSize
        captionHeight = grid.images.contains { $0.caption?.isEmpty == false } ? PlotStyle.tickSize + 6 : 0
    }

    var width: Double { Double(columns) * tileWidth + Double(columns - 1) * gap }
    var height: Double { Double(rows) * (tileHeight + captionHeight) + Double(rows - 1) * gap }
}

extension FigureDrawing {
    func drawImages(_ grid: ImageGrid, in area: Rect, on canvas: Canvas) {
        guard !grid.images.isEmpty else {
            drawEmpty(in: area, on: canvas)
            return
        }
        let layout = ImageGridLayout(grid: grid, width: area.width)
        let origin = Point(x: (area.minX + (area.width - layout.width) / 2).rounded(), y: (area.minY + 2).rounded())
        // One scale for the whole grid, so equal values look equal across images.
        var low = Float.infinity, high = -Float.infinity
        for image in grid.images {
            for value in image.pixels where value.isFinite { low = min(low, value); high = max(high, value) }
        }
        if !(low < high) { low = min(low, 0); high = max(low + 1, high) }
        canvas.setFont(size: PlotStyle.tickSize)
        for (index, image) in grid.images.enumerated() {
            let column = index % layout.columns, row = index / layout.columns
            let tile = Rect(
                x: origin.x + Double(column) * (layout.tileWidth + layout.gap),
                y: origin.y + Double(row) * (layout.tileHeight + layout.captionHeight + layout.gap),
                width: layout.tileWidth, height: layout.tileHeight)
            drawImage(image, in: tile, pixelSize: layout.pixelSize, low: low, high: high, on: canvas)
            canvas.strokeRect(tile.insetBy(left: -0.5, top: -0.5, right: -0.5, bottom: -0.5), Palette.grid, width: 1)
            if let caption = image.caption, !caption.isEmpty {
                canvas.text(
                    fitted(caption, width: layout.tileWidth + layout.gap - 2, canvas: canvas),
                    at: Point(x: tile.midX, y: tile.maxY + 4), horizontal: .center, vertical: .top)
            }
        }
    }

    /// The image as rectangles: runs of equal colour along a row become one
    /// rectangle and background pixels are skipped, which keeps the SVG small.
    private func drawImage(
        _ image: ImageGrid.Image, in tile: Rect, pixelSize: Double, low: Float, high: Float,
        on canvas: Canvas
    ) {
        let plane = image.width * image.height
        let rgb = image.channels >= 3 && image.pixels.count >= plane * 3
        let span = high - low
        func level(_ value: Float) -> Int {
            guard value.isFinite else { return 0 }
            return Int(((value - low) / span * 63).rounded()).clamped(to: 0...63)
        }
        for y in 0..<image.height {
            var x = 0
            while x < image.width {
                let offset = y * image.width + x
                guard offset < image.pixels.count else { return }
                let key: [Int] =
                    rgb
                    ? [
                        level(image.pixels[offset]), level(image.pixels[plane + offset]),
                        level(image.pixels[2 * plane + offset]),
                    ]
                    : [level(image.pixels[offset])]
                var end = x + 1
                while end < image.width, y * image.width + end < image.pixels.count {
                    let next = y * image.width + end
                    let nextKey: [Int] =
                        rgb
                        ? [
                            level(image.pixels[next]), level(image.pixels[plane + next]),
                            level(image.pixels[2 * plane + next]),
                        ]
                        : [level(image.pixels[next])]
                    guard nextKey == key else { break }
                    end += 1
                }
                let color: Color
                if rgb {
                    color = Color(red: Double(key[0]) / 63, green: Double(key[1]) / 63, blue: Double(key[2]) / 63)
                } else {
                    // Grey ink on white: high values dark, as digits are usually shown.
                    color = Palette.background.mixed(with: Color(hex: 0x111111), Double(key[0]) / 63)
                }
                if color != Palette.background {
                    canvas.fill(
                        Rect(
                            x: tile.minX + Double(x) * pixelSize, y: tile.minY + Double(y) * pixelSize,
                            width: Double(end - x) * pixelSize, height: pixelSize), color)
                }
                x = end
            }
        }
    }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
