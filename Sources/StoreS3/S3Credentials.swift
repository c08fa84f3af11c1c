/// An access key pair (and session token), as AWS tools read them from
/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`. Its text form
/// names the key id only: the secret never reaches a message, a log or a notebook.
public struct S3Credentials: Sendable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String { "access key \(accessKeyID)" }

    /// The credentials `environment` gives for `location`.
    /// - Throws: `S3ConfigurationError` naming the variable that is missing.
    public init(environment: [String: String], for location: S3Location) throws(S3ConfigurationError) {
        guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty else {
            throw S3ConfigurationError(
                setting: "AWS_ACCESS_KEY_ID", reason: "is not set; \(location.url) needs credentials")
        }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw S3ConfigurationError(setting: "AWS_SECRET_ACCESS_KEY", reason: "is not set")
        }
        self.init(
            accessKeyID: key, secretAccessKey: secret,
            sessionToken: environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 })
    }
}
