/// How `strata serve` and `serve(run)` run the inference server. The defaults are the
/// safe ones: loopback only, bodies of at most 16 MiB, every request logged.
public struct ServerOptions: Sendable {
    /// The address to bind; `127.0.0.1` unless told otherwise.
    public var host: String
    /// The port; 0 picks a free one (the running server reports which).
    public var port: Int
    /// When set, every request but the health checks (`/v2/health/*`, `/ping`,
    /// `/health`) needs `Authorization: Bearer <token>`, `/metrics` included.
    public var token: String?
    /// Larger request bodies get 413.
    public var maxBodyBytes: Int
    /// The most rows one forward pass takes (requests are split no further: a request
    /// larger than this is a batch of its own).
    public var maxBatchRows: Int
    /// How long the batcher waits for more requests once one has arrived and the model
    /// is idle, in seconds (0: run at once; requests arriving while a batch runs are
    /// batched anyway).
    public var batchWait: Double
    /// The fraction of requests written to the prediction log (1: all, 0: none).
    public var logSample: Double

    public init(
        host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, maxBodyBytes: Int = 16 << 20,
        maxBatchRows: Int = 256, batchWait: Double = 0.0005, logSample: Double = 1
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.maxBodyBytes = maxBodyBytes
        self.maxBatchRows = maxBatchRows
        self.batchWait = batchWait
        self.logSample = logSample
    }
}
