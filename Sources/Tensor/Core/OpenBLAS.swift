import COpenBLAS

#if canImport(Glibc)
import Glibc
#endif

/// OpenBLAS's entry points, resolved when first used.
///
/// The library is opened with `dlopen` rather than linked: it initialises at load (a
/// thread pool, a 128 MB buffer), and at process start that pushed the kernel's socket
/// binding past a Jupyter client's first connection attempt, which then cost ZeroMQ's
/// 100 ms reconnect interval. Processes that never multiply matrices never pay for it.
struct OpenBLAS: @unchecked Sendable {
    typealias SGEMM =
        @convention(c) (
            CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, Int32, Int32, Int32,
            Float, UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32,
            Float, UnsafeMutablePointer<Float>?, Int32
        ) -> Void

    let sgemm: SGEMM
    let setNumThreads: @convention(c) (Int32) -> Void
    let getNumThreads: @convention(c) () -> Int32
    let getNumProcs: @convention(c) () -> Int32
    let getConfig: @convention(c) () -> UnsafeMutablePointer<CChar>?
    let getCorename: @convention(c) () -> UnsafeMutablePointer<CChar>?

    /// The process's one OpenBLAS, opened on first access (Swift runs a static `let`'s
    /// initialiser exactly once, thread-safely).
    static let library = OpenBLAS()

    private init() {
        // The library reads OPENBLAS_CORETYPE while it loads; `strata` has usually chosen
        // already, at start-up, and then this finds the variable set and keeps it.
        OpenBLASCoreChoice.apply()
        guard let handle = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "no reason given"
            fatalError("OpenBLAS (libopenblas.so.0) could not be loaded: \(reason)")
        }
        func symbol<T>(_ name: String, as type: T.Type) -> T {
            guard let pointer = dlsym(handle, name) else {
                fatalError("the loaded OpenBLAS has no \(name)")
            }
            return unsafeBitCast(pointer, to: type)
        }
        sgemm = symbol("cblas_sgemm", as: SGEMM.self)
        setNumThreads = symbol("openblas_set_num_threads", as: (@convention(c) (Int32) -> Void).self)
        getNumThreads = symbol("openblas_get_num_threads", as: (@convention(c) () -> Int32).self)
        getNumProcs = symbol("openblas_get_num_procs", as: (@convention(c) () -> Int32).self)
        getConfig = symbol("openblas_get_config", as: (@convention(c) () -> UnsafeMutablePointer<CChar>?).self)
        getCorename = symbol("openblas_get_corename", as: (@convention(c) () -> UnsafeMutablePointer<CChar>?).self)
    }
}
