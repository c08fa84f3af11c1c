/// Params as flat `path: value` pairs, for side-by-side comparison.
extension ParamValue {
    /// Leaves of the value with dotted paths: `optimizer.lr`, `layers[0].units`. An
    /// empty list or record is one leaf.
    public func flattened(prefix: String = "") -> [(path: String, value: ParamValue)] {
        switch self {
        case .record(let fields) where !fields.isEmpty:
            return fields.flatMap { name, value in value.flattened(prefix: prefix.isEmpty ? name : prefix + "." + name)
            }
        case .list(let items) where !items.isEmpty:
            return items.enumerated().flatMap { index, value in value.flattened(prefix: prefix + "[\(index)]") }
        default:
            return [(prefix, self)]
        }
    }
}
