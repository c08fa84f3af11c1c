#if canImport(Glibc)
import Glibc
#endif

/// Which OpenBLAS kernels to run, decided before the library is loaded.
///
/// OpenBLAS built with DYNAMIC_ARCH picks its kernels from the CPU model at load time.
/// A CPU newer than the library's table (an AVX-512 Xeon for Debian's 0.3.21) gets
/// its generic `Prescott` kernels, several times slower than the AVX-512 ones. The
/// library reads `OPENBLAS_CORETYPE` once, when it is loaded: a preset value is the
/// user's (or the machine's) choice and is kept; otherwise the core type is chosen
/// from the instruction sets the CPU and the OS support, never one it cannot run.
public struct OpenBLASCoreChoice: Sendable, Hashable {
    /// Where the core type comes from.
    public enum Source: Sendable, Hashable {
        /// `OPENBLAS_CORETYPE` was set before Strata looked.
        case preset
        /// Strata chose it from the CPU's flags.
        case cpuFlags
        /// Nothing was set: OpenBLAS picks by CPU model (no AVX2 here to choose for).
        case library
    }

    /// The core type handed to OpenBLAS, or nil when it picks by itself.
    public let coreType: String?
    public let source: Source

    /// The core type for a CPU with `capabilities` when `preset` (the environment's
    /// `OPENBLAS_CORETYPE`) is nil or empty.
    public static func choose(preset: String?, capabilities: CPUCapabilities) -> OpenBLASCoreChoice {
        if let preset, !preset.isEmpty { return OpenBLASCoreChoice(coreType: preset, source: .preset) }
        if capabilities.avx512 { return OpenBLASCoreChoice(coreType: "SkylakeX", source: .cpuFlags) }
        if capabilities.avx2FMA { return OpenBLASCoreChoice(coreType: "Haswell", source: .cpuFlags) }
        return OpenBLASCoreChoice(coreType: nil, source: .library)
    }

    /// Chooses for this machine and sets `OPENBLAS_CORETYPE` if it was not set. Call it
    /// before other threads start where possible (`setenv` races with `getenv`); it is
    /// idempotent, and the library loader calls it again just before `dlopen`.
    @discardableResult
    public static func apply() -> OpenBLASCoreChoice {
        let preset = getenv("OPENBLAS_CORETYPE").map { String(cString: $0) }
        let choice = choose(preset: preset, capabilities: .current)
        if choice.source == .cpuFlags, let core = choice.coreType {
            setenv("OPENBLAS_CORETYPE", core, 0)
        }
        return choice
    }

    /// One line for verbose output.
    public var description: String {
        switch source {
        case .preset: "OpenBLAS core type \(coreType ?? "") (from OPENBLAS_CORETYPE)"
        case .cpuFlags:
            "OpenBLAS core type \(coreType ?? "") chosen from the CPU's flags "
                + "(\(coreType == "SkylakeX" ? "AVX-512" : "AVX2 and FMA")); set OPENBLAS_CORETYPE to override"
        case .library: "OpenBLAS picks its core type by CPU model (no AVX2 or AVX-512 found)"
        }
    }
}
