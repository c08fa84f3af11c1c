import Prometheus

/// What `/metrics` reports, in Prometheus' text format: requests by model and status
/// code, latency in seconds, batch sizes, requests in flight, categories never seen in
/// training, and the prediction log's backlog.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let inFlight: Gauge
    let logPending: Gauge
    let logDropped: Counter

    static let latencyBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]
    static let batchBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]

    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "strata", metricName: "requests", unitName: "total",
            helpText: "Requests answered, by model, endpoint and status code.")
    }
    static var duration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "strata", metricName: "request_duration", unitName: "seconds",
            helpText: "Time from a request's arrival to its answer.")
    }
    static var batchSize: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "strata", metricName: "batch", unitName: "rows",
            helpText: "Rows per forward pass (requests that arrive together share one).")
    }
    static var unseenCategories: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "strata", metricName: "unseen_categories", unitName: "total",
            helpText: "Cells holding a category the model never saw in training.")
    }

    init() {
        inFlight = registry.makeGauge(name: "strata_requests_in_flight", help: "Requests being answered now.")
        logPending = registry.makeGauge(
            name: "strata_prediction_log_pending",
            help: "Prediction log records not yet written to the store.")
        logDropped = registry.makeCounter(
            name: "strata_prediction_log_dropped_total",
            help: "Prediction log records the store could not take.")
    }

    /// One answered request. `model` is empty for requests that named none.
    func request(model: String, path: String, code: Int, seconds: Double) {
        registry.makeCounter(
            descriptor: ServerMetrics.requests,
            labels: [("model", model), ("path", path), ("code", String(code))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: ServerMetrics.duration, labels: [("model", model)],
            buckets: ServerMetrics.latencyBuckets
        )
        .recordNanoseconds(Int64(seconds * 1e9))
    }

    func batch(model: String, rows: Int) {
        registry.makeValueHistogram(
            descriptor: ServerMetrics.batchSize, labels: [("model", model)],
            buckets: ServerMetrics.batchBuckets
        ).record(Double(rows))
    }

    func unseen(model: String, column: String, rows: Int) {
        registry.makeCounter(
            descriptor: ServerMetrics.unseenCategories, labels: [("model", model), ("column", column)]
        )
        .increment(by: Int64(rows))
    }

    var text: String { registry.emitToString() }
}
