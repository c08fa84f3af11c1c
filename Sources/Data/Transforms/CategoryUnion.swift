/// Several lists of category (or class) names merged into one, with each list's codes
/// translated into it, for data that comes together from sources with different
/// category sets (`concat`, a fill value that is a new category).
struct CategoryUnion {
    /// The merged names: the lists' common order when they are all the same list,
    /// otherwise every name once, sorted as the CSV loader sorts categories (by their
    /// UTF-8 bytes), or numerically when every name is a number (classes read from
    /// numeric labels, such as digits' "0" to "9", stay in the order "2" < "10").
    let names: [String]
    /// Per input list, the merged code of each of its codes.
    private let translations: [[Int32]]

    init(_ lists: [[String]]) {
        if let first = lists.first, lists.allSatisfy({ $0 == first }) {
            names = first
            translations = lists.map { Array(0..<Int32($0.count)) }
            return
        }
        var seen = Set<String>()
        let distinct = lists.joined().filter { seen.insert($0).inserted }
        names = CategoryUnion.sorted(distinct)
        var position: [String: Int32] = [:]
        for (index, name) in names.enumerated() { position[name] = Int32(index) }
        translations = lists.map { list in list.map { position[$0]! } }
    }

    /// `codes` of list `list` as codes into `names`; missing (-1) stays missing.
    func recode(_ codes: [Int32], from list: Int) -> [Int32] {
        let translation = translations[list]
        return codes.map { $0 < 0 ? -1 : translation[Int($0)] }
    }

    static func sorted(_ names: [String]) -> [String] {
        let numbers = names.map { Double($0) }
        if !names.isEmpty, numbers.allSatisfy({ $0?.isFinite == true }) {
            return zip(names, numbers).sorted { $0.1! < $1.1! }.map(\.0)
        }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }
}
