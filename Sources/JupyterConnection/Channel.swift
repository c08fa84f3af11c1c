/// The five Jupyter channels. The raw values are the names jupyter_client uses in
/// connection files (`hb_port`) and the names of the launcher's hand-off format.
public enum Channel: String, Sendable, CaseIterable {
    case shell, control, stdin, iopub, heartbeat = "hb"
}
