import Render

/// What a running program may ask of whoever runs it: the kernel (through an adapter
/// in the executable), `strata run` in a terminal, or a test. The language knows
/// nothing of Jupyter; this is its whole view of the outside.
public protocol Host: AnyObject {
    /// Text for standard output or standard error (`print`, `eprint`).
    func write(_ text: String, to stream: OutputStream)
    /// Shows a value now (`show`, progress displays). With `id`, later `update` calls
    /// replace it in place.
    func display(_ bundle: MimeBundle, id: String?)
    func update(_ bundle: MimeBundle, id: String)
    /// `clear_output(wait:)`.
    func clearOutput(wait: Bool)
    /// Reads a line from the user (`input`); throws `HostInputError` when the front end
    /// cannot ask, or the cell was interrupted while waiting.
    func readLine(prompt: String) throws(HostInputError) -> String
    /// True once the user has interrupted the running cell; long loops and `sleep`
    /// poll it.
    var isInterrupted: Bool { get }
    /// The front end's widgets (`label` builds its UI with them); throws
    /// `WidgetFailure.unavailable` saying why where there are none (a terminal).
    func widgets() throws(WidgetFailure) -> any WidgetHost
}

extension Host {
    /// Hosts without a front end show no widgets.
    public func widgets() throws(WidgetFailure) -> any WidgetHost {
        throw .unavailable("widgets need a notebook front end (JupyterLab with jupyterlab_widgets)")
    }
}

public enum OutputStream: Sendable { case stdout, stderr }

public enum HostInputError: Error, Sendable, Equatable {
    case notAllowed
    case interrupted
}
