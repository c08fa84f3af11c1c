import COpenBLAS

/// The BLAS library's global settings.
///
/// OpenBLAS splits a GEMM among its threads; a different thread count can change the
/// order of additions and so the last bits of results. Set the count explicitly before
/// training so that the same seed and data give bit-identical weights.
public enum BLAS {
    /// The number of threads OpenBLAS uses for one call.
    public static var threadCount: Int { Int(OpenBLAS.library.getNumThreads()) }

    /// The number of processors OpenBLAS sees.
    public static var processorCount: Int { Int(OpenBLAS.library.getNumProcs()) }

    /// Sets the number of threads OpenBLAS uses (at least 1).
    public static func setThreadCount(_ count: Int) {
        OpenBLAS.library.setNumThreads(Int32(max(1, count)))
    }

    /// The OpenBLAS build and the kernel it picked for this CPU, e.g.
    /// `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64 (Zen)`.
    public static var configuration: String {
        let library = OpenBLAS.library
        let config = library.getConfig().map { String(cString: $0) } ?? "OpenBLAS"
        let core = library.getCorename().map { String(cString: $0) } ?? "unknown core"
        return config + " (" + core + ")"
    }
}
