import Synchronization

/// The comms open now, each with its target name, whichever side opened it: what
/// `comm_info_request` lists and how a `comm_msg` finds its target. Read from the
/// control thread too (comm_info), so behind a lock.
final class CommRegistry: Sendable {
    private let open = Mutex<[String: String]>([:])

    /// Records `id` as open on `target` (again: the later target wins, as in ipykernel).
    func register(_ id: String, target: String) {
        open.withLock { $0[id] = target }
    }

    /// Forgets `id`; returns its target when it was open.
    @discardableResult
    func remove(_ id: String) -> String? {
        open.withLock { $0.removeValue(forKey: id) }
    }

    /// The target of the open comm `id`, or nil.
    func target(of id: String) -> String? {
        open.withLock { $0[id] }
    }

    /// Open comms by id with their target names; only those of `target` when given.
    func comms(target: String?) -> [String: String] {
        open.withLock { open in target.map { name in open.filter { $0.value == name } } ?? open }
    }
}
