import Foundation
import JSON

/// One label given to one item: the item's object id (the SHA-256 of its bytes) and
/// the class it was put in.
public struct LabelEntry: Sendable, Hashable {
    public var item: ObjectID
    public var label: String

    public init(item: ObjectID, label: String) {
        self.item = item
        self.label = label
    }
}

/// One version of a labels dataset as it is stored: a small JSON object (the format in
/// Docs/StoreFormat.md, "Labels"). Every click of `label` writes one. Most versions
/// hold the one change they make and name their parent; now and then a version holds
/// every label (a snapshot), so reading the newest version never walks far.
struct LabelVersion: Sendable, Equatable {
    enum Body: Sendable, Equatable {
        /// Every labelled item, in the order each was first labelled.
        case snapshot([LabelEntry])
        /// One item labelled (or relabelled) on top of `parent`, the previous version.
        case change(LabelEntry, parent: ObjectID)
    }

    static let format = "strata-labels 1"

    var name: String
    /// 1 for the first version, one more for each later one.
    var revision: Int
    /// The classes offered when this version was written, in the order of the buttons.
    var classes: [String]
    /// The object describing the items' columns (opaque to the store; the data layer
    /// writes and reads it).
    var schema: ObjectID
    var body: Body

    /// The version's bytes: compact JSON with sorted keys, so equal versions are equal
    /// objects.
    func encoded() -> Data {
        var fields: [String: JSONValue] = [
            "format": .string(Self.format),
            "name": .string(name),
            "revision": .number(Double(revision)),
            "classes": .array(classes.map(JSONValue.string)),
            "schema": .string(schema.hex),
        ]
        switch body {
        case .snapshot(let entries):
            fields["labels"] = .array(entries.map(Self.json))
        case .change(let entry, let parent):
            fields["label"] = Self.json(entry)
            fields["parent"] = .string(parent.hex)
        }
        var writer = JSONWriter(reservingCapacity: 256)
        writer.write(object: fields)
        return Data(writer.bytes)
    }

    /// Reads a version written by `encoded()`.
    /// - Throws: `.invalidLabels` naming the object and what is wrong with it.
    static func decode(_ data: Data, id: ObjectID) throws(StoreError) -> LabelVersion {
        func invalid(_ reason: String) -> StoreError { .invalidLabels(id, reason: reason) }
        let value: JSONValue
        do {
            value = try JSONParser.parse([UInt8](data))
        } catch {
            throw invalid("not JSON (\(error.description))")
        }
        guard let fields = value.objectValue else { throw invalid("not a JSON object") }
        guard fields["format"]?.stringValue == format else { throw invalid("format is not '\(format)'") }
        guard let name = fields["name"]?.stringValue else { throw invalid("no name") }
        guard let revision = fields["revision"]?.intValue, revision >= 1 else { throw invalid("no revision") }
        guard let classValues = fields["classes"]?.arrayValue else { throw invalid("no classes") }
        let classes = classValues.compactMap(\.stringValue)
        guard classes.count == classValues.count else { throw invalid("a class is not a string") }
        guard let schema = fields["schema"]?.stringValue.flatMap(ObjectID.init(hex:)) else {
            throw invalid("no schema object id")
        }
        let body: Body
        if let labels = fields["labels"]?.arrayValue {
            var entries: [LabelEntry] = []
            entries.reserveCapacity(labels.count)
            for label in labels {
                guard let entry = entry(label) else { throw invalid("a label is not [item id, class]") }
                entries.append(entry)
            }
            body = .snapshot(entries)
        } else if let label = fields["label"], let parentText = fields["parent"]?.stringValue {
            guard let entry = entry(label) else { throw invalid("the label is not [item id, class]") }
            guard let parent = ObjectID(hex: parentText) else { throw invalid("the parent is not an object id") }
            body = .change(entry, parent: parent)
        } else {
            throw invalid("neither labels nor a label with its parent")
        }
        return LabelVersion(name: name, revision: revision, classes: classes, schema: schema, body: body)
    }

    /// The objects this version names besides its parent (which has a row of its own):
    /// the schema and the labelled items. `gc` keeps them and `verify` checks them.
    var referencedObjects: [ObjectID] {
        switch body {
        case .snapshot(let entries): return [schema] + entries.map(\.item)
        case .change(let entry, _): return [schema, entry.item]
        }
    }

    private static func json(_ entry: LabelEntry) -> JSONValue {
        .array([.string(entry.item.hex), .string(entry.label)])
    }

    private static func entry(_ value: JSONValue) -> LabelEntry? {
        guard let pair = value.arrayValue, pair.count == 2, let item = pair[0].stringValue.flatMap(ObjectID.init(hex:)),
            let label = pair[1].stringValue
        else { return nil }
        return LabelEntry(item: item, label: label)
    }
}
