/// The id of an object: the SHA-256 of its bytes, as 64 lowercase hex characters.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 64 lowercase hex characters.
    public let hex: String

    /// Accepts exactly 64 lowercase hex characters; anything else is nil.
    public init?(hex: String) {
        guard ObjectID.isValid(hex) else { return nil }
        self.hex = hex
    }

    /// Parses `text`, or throws `.invalidObjectID`.
    public static func parse(_ text: String) throws(StoreError) -> ObjectID {
        guard let id = ObjectID(hex: text) else { throw .invalidObjectID(text) }
        return id
    }

    init(trusted hex: String) {
        self.hex = hex
    }

    /// The object's path below the store folder: `objects/sha256/ab/<62 hex>`.
    public var relativePath: String {
        "objects/sha256/" + hex.prefix(2) + "/" + hex.dropFirst(2)
    }

    /// The first 12 characters, for tables.
    public var short: String { String(hex.prefix(12)) }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

    static func isValid(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy(isLowerHex)
    }

    static func isLowerHex(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102)
    }
}
