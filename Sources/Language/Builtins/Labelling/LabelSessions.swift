/// The `label` widgets of a session by labels name: the newest one of each name is the
/// one that labels (an older one is switched off when a newer one starts).
final class LabelSessions {
    private var controllers: [String: LabelController] = [:]

    /// Makes `controller` the one labelling its name; returns the one it replaces.
    func replace(with controller: LabelController) -> LabelController? {
        defer { controllers[controller.name] = controller }
        return controllers[controller.name]
    }
}
