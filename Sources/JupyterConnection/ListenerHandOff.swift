/// Which inherited file descriptor holds the listening socket of which channel: what
/// the `strata-kernel` launcher passes to `strata kernel --listeners` after binding the
/// ports itself. As text: `shell=3,iopub=4,stdin=5,control=6,hb=7` (channel names as in
/// connection files, any order, any subset of the five channels).
public struct ListenerHandOff: Sendable, Equatable, CustomStringConvertible {
    /// The descriptor of each channel that has one.
    public let descriptors: [Channel: Int32]

    /// The order channels are written in: the order the kernel binds them.
    static let writingOrder: [Channel] = [.shell, .iopub, .stdin, .control, .heartbeat]

    public init(_ descriptors: [Channel: Int32]) {
        self.descriptors = descriptors
    }

    /// Reads the text form; every channel at most once, every descriptor a decimal
    /// number above 2 (not a standard stream) used once.
    public init(parsing text: String) throws(ListenerHandOffError) {
        guard !text.isEmpty else { throw .empty }
        var descriptors: [Channel: Int32] = [:]
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw .malformedEntry(String(entry)) }
            guard let channel = Channel(rawValue: String(parts[0])) else { throw .unknownChannel(String(parts[0])) }
            // Int32("+3") would accept a sign; a descriptor is plain digits. 0-2 are the
            // standard streams, never a listener: refusing them means a bad hand-off
            // can never get the kernel's stderr closed.
            guard !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
                let descriptor = Int32(parts[1]), descriptor > 2
            else { throw .invalidDescriptor(String(parts[1])) }
            guard descriptors[channel] == nil else { throw .duplicateChannel(channel) }
            guard !descriptors.values.contains(descriptor) else { throw .duplicateDescriptor(descriptor) }
            descriptors[channel] = descriptor
        }
        self.descriptors = descriptors
    }

    /// The text form, channels in a fixed order.
    public var description: String {
        Self.writingOrder.compactMap { channel in
            descriptors[channel].map { "\(channel.rawValue)=\($0)" }
        }.joined(separator: ",")
    }

    /// The descriptor of `channel`, if it has one.
    public subscript(channel: Channel) -> Int32? {
        descriptors[channel]
    }
}

/// Why a listener hand-off text could not be read.
public enum ListenerHandOffError: Error, Sendable, Equatable {
    case empty
    /// An entry that is not `name=descriptor`.
    case malformedEntry(String)
    case unknownChannel(String)
    case invalidDescriptor(String)
    case duplicateChannel(Channel)
    case duplicateDescriptor(Int32)
}

extension ListenerHandOffError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .empty: "the listener list is empty"
        case .malformedEntry(let entry): "\"\(entry)\" is not of the form channel=descriptor"
        case .unknownChannel(let name): "unknown channel \"\(name)\" (expected shell, iopub, stdin, control or hb)"
        case .invalidDescriptor(let text): "\"\(text)\" is not a socket descriptor number (3 or more)"
        case .duplicateChannel(let channel): "channel \(channel.rawValue) is listed twice"
        case .duplicateDescriptor(let descriptor): "descriptor \(descriptor) is listed twice"
        }
    }
}
