/// Where a plot's marks are drawn (scatter points, points along lines, histogram bars),
/// in CSS pixels, so a legend can be put where there are none.
struct PlotMarks {
    var points: [Point] = []
    var boxes: [Rect] = []

    /// Points closer than this to a rectangle's edge count as inside: they are drawn as
    /// dots with a radius, and a legend's border needs air.
    static let clearance = 4.0

    /// How many marks `rect` would cover.
    func count(in rect: Rect) -> Int {
        let padded = rect.insetBy(
            left: -PlotMarks.clearance, top: -PlotMarks.clearance,
            right: -PlotMarks.clearance, bottom: -PlotMarks.clearance)
        // A sample of a very large scatter is enough to tell crowded corners from empty ones.
        let stride = max(1, points.count / 20_000)
        var count = 0
        for index in Swift.stride(from: 0, to: points.count, by: stride) where padded.contains(points[index]) {
            count += 1
        }
        return count + boxes.filter { $0.intersects(rect) }.count
    }

    /// Adds the points along a polyline (a nil breaks it), every few pixels, so a line
    /// that crosses a corner between its data points still counts there.
    mutating func addLine(_ points: [Point?]) {
        var previous: Point?
        for point in points {
            guard let point else { previous = nil; continue }
            if let previous {
                let dx = point.x - previous.x, dy = point.y - previous.y
                let steps = min(1_000, Int(((dx * dx + dy * dy).squareRoot() / 3).rounded(.up)))
                for step in Swift.stride(from: 1, to: steps, by: 1) {
                    let t = Double(step) / Double(steps)
                    self.points.append(Point(x: previous.x + dx * t, y: previous.y + dy * t))
                }
            }
            self.points.append(point)
            previous = point
        }
    }
}
