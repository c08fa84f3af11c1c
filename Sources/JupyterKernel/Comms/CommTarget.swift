/// A kernel-side comm target: what a comm opened to `name` does when a front end
/// opens it, sends on it and closes it. Front ends open comms by target name; the
/// kernel closes at once a comm to a name no target has.
///
/// Called on the execution thread, between cells, one message at a time.
protocol CommTarget: AnyObject, Sendable {
    /// The name front ends open comms to, e.g. `jupyter.widget`.
    var name: String { get }

    /// A front end opened `message.commID`. Throwing refuses it: the kernel then closes
    /// the comm, as ipykernel does when a target's handler fails.
    func open(_ message: CommMessage, publisher: CommPublisher) throws(CommRefusal)

    /// A `comm_msg` arrived on a comm of this target; returns what the language should
    /// hear of it (a widget's click), in order.
    func receive(_ message: CommMessage, publisher: CommPublisher) -> [WidgetEvent]

    /// The front end closed a comm of this target (`comm_close`).
    func close(_ message: CommMessage)
}

/// Why a target refused a comm, for the kernel's log.
struct CommRefusal: Error, Sendable, Equatable {
    var reason: String
}
