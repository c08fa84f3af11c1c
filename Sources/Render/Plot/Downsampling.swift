/// Fewer points that look the same: long lines keep each pixel column's extremes,
/// large scatters a fixed-size sample.
public enum Downsampling {
    /// The indices of a line's points to draw when it has more than `2 * buckets`
    /// points: for each of `buckets` runs of consecutive points, its first, lowest,
    /// highest and last point (and its first gap, so breaks stay), in order. The drawn
    /// line then covers exactly the pixels the full line would: spikes survive.
    public static func lineIndices(_ y: [Double], buckets: Int) -> [Int] {
        let count = y.count
        guard buckets > 0, count > 4 * buckets else { return Array(0..<count) }
        var kept: [Int] = []
        kept.reserveCapacity(buckets * 4)
        for bucket in 0..<buckets {
            let start = bucket * count / buckets
            let end = (bucket + 1) * count / buckets
            guard start < end else { continue }
            var lowest: Int?, highest: Int?, gap: Int?
            for index in start..<end {
                let value = y[index]
                guard value.isFinite else {
                    if gap == nil { gap = index }
                    continue
                }
                if lowest == nil || value < y[lowest!] { lowest = index }
                if highest == nil || value > y[highest!] { highest = index }
            }
            var picks = [start, end - 1]
            if let lowest { picks.append(lowest) }
            if let highest { picks.append(highest) }
            if let gap { picks.append(gap) }
            picks.sort()
            for pick in picks where kept.last != pick { kept.append(pick) }
        }
        return kept
    }

    /// At most `limit` indices of `count` points, spread over all of them and in
    /// order. The choice is a fixed pseudo-random one, so the same data draws the same
    /// plot and sorted data does not show stripes.
    public static func sampleIndices(count: Int, limit: Int) -> [Int] {
        guard count > limit, limit > 0 else { return Array(0..<count) }
        // Selection sampling (Knuth's algorithm S): each index is kept with the
        // probability that leaves exactly `limit`, in one ordered pass.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var kept: [Int] = []
        kept.reserveCapacity(limit)
        for index in 0..<count where kept.count < limit {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            mixed ^= mixed >> 31
            let uniform = Double(mixed >> 11) / Double(1 << 53)
            let remaining = count - index
            let needed = limit - kept.count
            if uniform * Double(remaining) < Double(needed) { kept.append(index) }
        }
        return kept
    }
}
