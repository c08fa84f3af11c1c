/// The labels of one labels dataset as its newest version holds them: which item has
/// which class, in the order the items were first labelled. A value: `Store.saveLabel`
/// returns the next one.
public struct LabelSet: Sendable, Equatable {
    /// The dataset's name (`label(..., name:)`).
    public let name: String
    /// The classes of the newest version, in the order of the buttons.
    public private(set) var classes: [String]
    /// The object describing the items' columns; nil before the first label.
    public private(set) var schema: ObjectID?
    /// The newest version (its object id, which is also its content id); nil before the
    /// first label.
    public private(set) var head: ObjectID?
    /// The newest version's number: 0 before the first label, then 1, 2, ...
    public private(set) var revision: Int
    /// Every labelled item with its class, in the order each was first labelled.
    public private(set) var entries: [LabelEntry]
    private var positions: [ObjectID: Int]
    /// Versions written since the newest snapshot (0 when the head is one).
    private(set) var changesSinceSnapshot: Int

    /// A labels dataset with no label yet.
    public init(name: String) {
        self.name = name
        classes = []
        schema = nil
        head = nil
        revision = 0
        entries = []
        positions = [:]
        changesSinceSnapshot = 0
    }

    /// The class of `item`, or nil when it has none.
    public func label(of item: ObjectID) -> String? {
        positions[item].map { entries[$0].label }
    }

    /// How many items have a label.
    public var count: Int { entries.count }

    /// Gives `entry.item` its class: a new item goes last, a relabelled one keeps its place.
    mutating func apply(_ entry: LabelEntry) {
        if let position = positions[entry.item] {
            entries[position].label = entry.label
        } else {
            positions[entry.item] = entries.count
            entries.append(entry)
        }
    }

    /// The set after `version` (read or written) became the head.
    mutating func advance(to version: LabelVersion, id: ObjectID) {
        switch version.body {
        case .snapshot(let all):
            entries = []
            positions = [:]
            for entry in all { apply(entry) }
            changesSinceSnapshot = 0
        case .change(let entry, _):
            apply(entry)
            changesSinceSnapshot += 1
        }
        classes = version.classes
        schema = version.schema
        revision = version.revision
        head = id
    }

    /// Whether the next version should hold every label: the first one, and then once
    /// the changes since the last snapshot reach an eighth of the labels (at least 32).
    /// Reading the newest version then reads at most that many small objects, and the
    /// snapshots together stay within a small multiple of the last one's size.
    var nextIsSnapshot: Bool {
        head == nil || changesSinceSnapshot + 1 >= max(32, entries.count / 8)
    }
}
