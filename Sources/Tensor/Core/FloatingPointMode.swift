import CPlatform

/// The calling thread's treatment of subnormal Float32 and Float64 numbers.
///
/// Training flushes them to zero, as TensorFlow does on its threads by default: Adam's
/// moments of a weight whose gradient stays zero (an always-black pixel's weight)
/// decay by `beta1` every step, reach the subnormal range after some 800 steps and
/// then stay there, since `0.9 * x` rounds back to `x` for the smallest subnormals.
/// Each operation on a subnormal takes a slow microcode path on x86, and the whole
/// optimizer step ran several times slower from the second epoch on. Values this
/// small change no weight (the update is `lr * m / (sqrt(v) + eps)`), so results only
/// differ from IEEE gradual underflow where they were noise, and the mode is the same
/// in every run: the same seed still gives bit-identical results.
public enum FloatingPointMode {
    /// MXCSR's flush-to-zero (results) and denormals-are-zero (inputs) bits.
    static let flushBits: UInt32 = 0x8000 | 0x0040

    /// Runs `body` with subnormal results and inputs flushed to zero on this thread,
    /// then restores the thread's previous mode (so the language's own arithmetic keeps
    /// IEEE semantics). Nested calls are cheap: two register writes each.
    public static func flushingSubnormals<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        let saved = strata_get_mxcsr()
        strata_set_mxcsr(saved | flushBits)
        defer { strata_set_mxcsr(saved) }
        return try body()
    }

    /// Whether this thread flushes subnormals now.
    public static var isFlushingSubnormals: Bool {
        strata_get_mxcsr() & flushBits == flushBits
    }

    /// The calling thread's mode, to hand to worker threads (`applying(_:_:)`).
    static var current: UInt32 { strata_get_mxcsr() }

    /// Runs `body` on this (worker) thread in the mode `mode` read from the thread that
    /// handed it the work, so work split across threads computes as one thread would.
    static func applying<R>(_ mode: UInt32, _ body: () -> R) -> R {
        let saved = strata_get_mxcsr()
        // Only the rounding and flushing controls; the sticky exception flags stay this thread's.
        let controls: UInt32 = 0xFFC0
        strata_set_mxcsr((saved & ~controls) | (mode & controls))
        defer { strata_set_mxcsr(saved) }
        return body()
    }
}
