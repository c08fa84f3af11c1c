/// What an S3 request could not do, worded for the person who set the store up: the
/// endpoint, the bucket or the setting at fault, and never a secret.
public enum S3Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// No answer (refused, timed out, name not found) after the retries.
    case unreachable(endpoint: String, reason: String, attempts: Int)
    /// The server refused the credentials (wrong key id or secret, clock skew).
    case credentials(endpoint: String, code: String)
    case noSuchBucket(bucket: String, endpoint: String)
    /// Any other refusal: the HTTP status and S3's error code and message.
    case refused(endpoint: String, operation: String, status: Int, code: String, message: String)

    public var description: String {
        switch self {
        case .unreachable(let endpoint, let reason, let attempts):
            return "the S3 endpoint \(endpoint) did not answer after \(attempts) attempt\(attempts == 1 ? "" : "s") "
                + "(\(reason)); check AWS_ENDPOINT_URL and that the server runs"
        case .credentials(let endpoint, let code):
            return "the S3 endpoint \(endpoint) refused the credentials (\(code)); check AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY"
        case .noSuchBucket(let bucket, let endpoint):
            return "the bucket '\(bucket)' does not exist at \(endpoint); check STRATA_OBJECTS or create it"
        case .refused(let endpoint, let operation, let status, let code, let message):
            return "S3 \(operation) at \(endpoint) failed with \(status)" + (code.isEmpty ? "" : " \(code)")
                + (message.isEmpty ? "" : ": \(message)")
        }
    }
}
