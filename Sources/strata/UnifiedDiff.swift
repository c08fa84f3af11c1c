/// A unified diff of two texts, line by line (`diff -u`'s format, three lines of
/// context), for `strata fmt --diff`.
enum UnifiedDiff {
    /// The diff's lines, starting with the `---`/`+++` header; empty when the texts are equal.
    static func lines(from old: String, to new: String, oldName: String, newName: String) -> [String] {
        let a = split(old)
        let b = split(new)
        guard a != b else { return [] }
        let script = editScript(a, b)
        var out = ["--- " + oldName, "+++ " + newName]
        // Group the script into hunks: changes with up to 3 unchanged lines around them,
        // merging hunks whose context would touch.
        let context = 3
        var i = 0
        while i < script.count {
            guard script[i].kind != .same else { i += 1; continue }
            var start = i
            var taken = 0
            while start > 0 && taken < context && script[start - 1].kind == .same { start -= 1; taken += 1 }
            var end = i
            while end < script.count {
                if script[end].kind != .same { end += 1; continue }
                var run = end
                while run < script.count && script[run].kind == .same { run += 1 }
                if run == script.count || run - end > 2 * context {
                    end = min(end + context, run)
                    break
                }
                end = run
            }
            let hunk = script[start..<end]
            let oldStart = hunk.first!.oldLine
            let newStart = hunk.first!.newLine
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            out.append("@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@")
            for edit in hunk {
                switch edit.kind {
                case .same: out.append(" " + edit.text)
                case .delete: out.append("-" + edit.text)
                case .insert: out.append("+" + edit.text)
                }
            }
            i = end
        }
        return out
    }

    private struct Edit {
        enum Kind { case same, delete, insert }
        var kind: Kind
        var text: String
        /// 1-based line numbers where the edit sits in each text.
        var oldLine: Int
        var newLine: Int
    }

    private static func split(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// `start,count` as unified diffs write a range (an empty range names the line before it).
    private static func range(_ start: Int, _ count: Int) -> String {
        count == 0 ? "\(start - 1),0" : count == 1 ? "\(start)" : "\(start),\(count)"
    }

    /// The shortest edit script by longest common subsequence, after trimming the
    /// common head and tail (formatting changes few lines of a file).
    private static func editScript(_ a: [String], _ b: [String]) -> [Edit] {
        var head = 0
        while head < a.count && head < b.count && a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head && tail < b.count - head && a[a.count - 1 - tail] == b[b.count - 1 - tail] {
            tail += 1
        }
        let x = Array(a[head..<(a.count - tail)])
        let y = Array(b[head..<(b.count - tail)])

        var edits: [Edit] = []
        var oldLine = 1
        var newLine = 1
        func emit(_ kind: Edit.Kind, _ text: String) {
            edits.append(Edit(kind: kind, text: text, oldLine: oldLine, newLine: newLine))
            if kind != .insert { oldLine += 1 }
            if kind != .delete { newLine += 1 }
        }
        for line in a[..<head] { emit(.same, line) }
        if x.count * y.count > 4_000_000 {
            // Too large to align cheaply: the middle as one replacement.
            for line in x { emit(.delete, line) }
            for line in y { emit(.insert, line) }
        } else {
            // lengths[i][j]: the longest common subsequence of x[i...] and y[j...].
            var lengths = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
            for i in stride(from: x.count - 1, through: 0, by: -1) {
                for j in stride(from: y.count - 1, through: 0, by: -1) {
                    lengths[i][j] = x[i] == y[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
                }
            }
            var i = 0
            var j = 0
            while i < x.count || j < y.count {
                if i < x.count && j < y.count && x[i] == y[j] {
                    emit(.same, x[i]); i += 1; j += 1
                } else if i < x.count && (j == y.count || lengths[i + 1][j] >= lengths[i][j + 1]) {
                    emit(.delete, x[i]); i += 1
                } else {
                    emit(.insert, y[j]); j += 1
                }
            }
        }
        for line in a[(a.count - tail)...] { emit(.same, line) }
        return edits
    }
}
