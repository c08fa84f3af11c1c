extension Target {
    /// A classification target from labels written as numbers (digits, IDX labels):
    /// the classes are the distinct values sorted numerically and named as written
    /// in the shortest form ("0", "1", ..., "10"; "2.5"); a missing (NaN) label is -1.
    static func classes(name: String, numbers: [Float]) -> Target {
        let distinct = Set(numbers.filter { !$0.isNaN }).sorted()
        var index: [Float: Int32] = [:]
        for (position, value) in distinct.enumerated() { index[value] = Int32(position) }
        let labels = numbers.map { $0.isNaN ? -1 : index[$0]! }
        return .classification(name: name, labels: labels, classes: distinct.map(className))
    }

    private static func className(_ value: Float) -> String {
        if value == value.rounded(), abs(value) < 1e9 { return String(Int(value)) }
        return "\(value)"
    }
}
