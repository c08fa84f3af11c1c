import Render

/// How a cell ended: what to show as its result, pager pages, and the error if it failed.
/// Output written while it ran (print, show) went to the host already and stays
/// even when the cell fails.
public struct CellResult {
    /// The last expression's display; nil when there is none, it is nil, or `;` hides it.
    public var display: MimeBundle?
    /// Pages from `help`, for the execute reply's pager payload.
    public var pages: [MimeBundle]
    public var error: CellError?

    public init(display: MimeBundle? = nil, pages: [MimeBundle] = [], error: CellError? = nil) {
        self.display = display
        self.pages = pages
        self.error = error
    }
}
