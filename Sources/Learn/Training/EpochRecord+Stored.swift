extension EpochRecord {
    /// An epoch as a store recorded it, so a run read back from the store has the same
    /// history (and curves) as when it was trained. (The memberwise initialiser is
    /// internal to Learn; this is its public form.) A store keeps no throughput.
    public static func stored(
        epoch: Int, loss: Double, metrics: [MetricValue], validationLoss: Double?,
        validationMetrics: [MetricValue], seconds: Double
    ) -> EpochRecord {
        EpochRecord(
            epoch: epoch, loss: loss, metrics: metrics, validationLoss: validationLoss,
            validationMetrics: validationMetrics, seconds: seconds, throughput: nil)
    }
}
