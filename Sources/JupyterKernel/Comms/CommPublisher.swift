import Foundation
import JupyterWire

/// Sends comm messages to the front ends: on IOPub, as ipykernel does, with the request
/// that caused them as parent (the cell that created a widget, or the comm message it
/// answers), so front ends can tell what they belong to.
struct CommPublisher: Sendable {
    let transport: any KernelTransport
    let factory: KernelMessageFactory
    let registry: CommRegistry
    let parent: MessageHeader?

    /// Opens comm `id` to the front end's `target` and records it as open.
    func open(
        _ id: String, target: String, data: [String: JSONValue], metadata: [String: JSONValue] = [:],
        buffers: [Data] = []
    ) {
        registry.register(id, target: target)
        publish(
            .commOpen,
            [
                "comm_id": .string(id), "target_name": .string(target), "target_module": .null,
                "data": .object(data),
            ], metadata: metadata, buffers: buffers)
    }

    /// A `comm_msg` on comm `id`.
    func send(_ id: String, data: [String: JSONValue], buffers: [Data] = []) {
        publish(.commMsg, ["comm_id": .string(id), "data": .object(data)], metadata: [:], buffers: buffers)
    }

    /// Closes comm `id` (and forgets it).
    func close(_ id: String, data: [String: JSONValue] = [:]) {
        registry.remove(id)
        publish(.commClose, ["comm_id": .string(id), "data": .object(data)], metadata: [:], buffers: [])
    }

    private func publish(
        _ type: MessageType, _ content: [String: JSONValue], metadata: [String: JSONValue],
        buffers: [Data]
    ) {
        var message = factory.publication(type: type, content: content, parent: parent)
        message.metadata = metadata
        message.buffers = buffers
        transport.send(message, on: .iopub)
    }
}
