/// The comments of a cell, handed out once each: a container takes the comments inside
/// it that its elements did not take first.
struct CommentPool {
    private let comments: [Token]
    private var taken: [Bool]

    /// - Parameter comments: `.comment` tokens in source order.
    init(_ comments: [Token]) {
        self.comments = comments
        taken = Array(repeating: false, count: comments.count)
    }

    /// The comments not yet taken that start in `range` (source offsets), in order.
    mutating func take(_ range: Range<Int>) -> [Token] {
        // Binary search for the first comment at or after the range's start.
        var low = 0
        var high = comments.count
        while low < high {
            let mid = (low + high) / 2
            if comments[mid].span.start.offset < range.lowerBound { low = mid + 1 } else { high = mid }
        }
        var result: [Token] = []
        var i = low
        while i < comments.count, comments[i].span.start.offset < range.upperBound {
            if !taken[i] {
                taken[i] = true
                result.append(comments[i])
            }
            i += 1
        }
        return result
    }
}
