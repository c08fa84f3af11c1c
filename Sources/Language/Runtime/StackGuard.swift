/// Tells a recursive evaluator that its stack budget is nearly used up, so deep
/// recursion becomes a "too much recursion" error instead of a crash.
///
/// The budget is measured from where the guard is made: the session runs each cell on
/// a thread whose stack size it chose, and makes the guard at the bottom of that
/// thread, so "how much is left" needs no platform-specific stack queries.
struct StackGuard {
    /// The lowest address the evaluator may reach.
    private let limit: UInt

    /// - Parameter budget: how many bytes below this point the evaluator may use.
    init(budget: Int) {
        limit = StackGuard.currentAddress() &- UInt(budget)
    }

    var isNearlyExhausted: Bool {
        StackGuard.currentAddress() < limit
    }

    @inline(never)
    private static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}
