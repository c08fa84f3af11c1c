import Store

/// What the runs page was asked for: sort, filters, page. Read from the query string
/// once; the page and its links are built from it.
struct RunsQuery: Sendable, Equatable {
    var sort = "-created"
    var filter = RunFilter()
    /// The metric `sort=objective` ranks by (goal as the metric implies).
    var objective: String?
    var page = 1
    var perPage = RunsQuery.defaultPerPage

    static let defaultPerPage = 50

    init() {}

    init(_ query: QueryItems) throws(DashboardError) {
        if let sort = query["sort"] { self.sort = sort }
        if let status = query["status"] {
            guard let parsed = RunStatus(rawValue: status) else {
                throw .badRequest(
                    field: "status",
                    reason: "'\(status)' is not a status; one of "
                        + ["running", "finished", "interrupted", "failed", "pruned"].joined(separator: ", "))
            }
            filter.status = parsed
        }
        filter.tag = query["tag"]
        filter.name = query["name"]
        filter.sweep = query["sweep"]
        filter.data = query["data"]
        objective = query["objective"]
        if let page = query["page"] {
            guard let number = Int(page), number >= 1 else {
                throw .badRequest(field: "page", reason: "'\(page)' is not a page number (1, 2, ...)")
            }
            self.page = number
        }
        if let per = query["per"] {
            guard let number = Int(per), (1...1000).contains(number) else {
                throw .badRequest(field: "per", reason: "'\(per)' is not a number of rows from 1 to 1000")
            }
            perPage = number
        }
        if sortField == "objective", objective == nil {
            throw .badRequest(
                field: "objective",
                reason: "sort=objective ranks by an objective: give its metric, objective=val_accuracy")
        }
    }

    var descending: Bool { sort.hasPrefix("-") }
    var sortField: String { descending ? String(sort.dropFirst()) : sort }

    /// The query string's fields for this query with `changes` applied (defaults left out).
    func items(sort: String? = nil, page: Int? = nil) -> [(String, String)] {
        let sort = sort ?? self.sort
        let page = page ?? self.page
        return [
            ("sort", sort == "-created" ? "" : sort), ("status", filter.status?.rawValue ?? ""),
            ("tag", filter.tag ?? ""), ("name", filter.name ?? ""), ("sweep", filter.sweep ?? ""),
            ("data", filter.data ?? ""), ("objective", objective ?? ""), ("page", page == 1 ? "" : String(page)),
            ("per", perPage == RunsQuery.defaultPerPage ? "" : String(perPage)),
        ]
    }

    /// This page sorted by `field`: descending first for metrics and times, and the
    /// other way round when it is already sorted by it.
    func sortedBy(_ field: String) -> String {
        let ascendingFirst =
            ["name", "status", "id"].contains(field) || field.hasSuffix("loss")
            || ["rmse", "mae", "mse"].contains(field.hasPrefix("val_") ? String(field.dropFirst(4)) : field)
        let next: String
        if sortField == field {
            next = descending ? field : "-" + field
        } else {
            next = ascendingFirst ? field : "-" + field
        }
        return HTML.url("/runs", items(sort: next, page: 1))
    }
}
