/// Why received frames are not a valid Jupyter message. The channel threads log these
/// and drop the message; they never stop the kernel.
public enum FrameError: Error, Sendable, Equatable {
    /// No `<IDS|MSG>` frame separates the routing identities from the message.
    case missingDelimiter
    /// Fewer than the five frames (signature and four dicts) after the delimiter; the
    /// count is how many there were.
    case tooFewFrames(Int)
    /// The HMAC does not match (wrong key, altered frame, or missing signature).
    case signatureMismatch
    /// A signed frame is not JSON, or not a JSON object.
    case malformedJSON(frame: SignedFrame, String)
    /// A header (or parent header) lacks a required field or has one of the wrong type;
    /// the associated value names it, as `msg_id` or `parent_header.msg_id`.
    case malformedHeader(String)
}

/// The four signed JSON frames of a message, in wire order.
public enum SignedFrame: String, Sendable, CaseIterable {
    case header
    case parentHeader = "parent_header"
    case metadata
    case content
}

extension FrameError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missingDelimiter: "no <IDS|MSG> delimiter frame"
        case .tooFewFrames(let count): "only \(count) frames after the delimiter (need at least 5)"
        case .signatureMismatch: "invalid HMAC signature"
        case .malformedJSON(let frame, let reason): "\(frame.rawValue) frame is not a JSON object: \(reason)"
        case .malformedHeader(let field): "header field \(field) is missing or not a string"
        }
    }
}
