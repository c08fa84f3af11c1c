import JupyterWire

// Comms: the front end's comm_open, comm_msg and comm_close (handled on the execution
// thread, between cells, like execute requests) and comm_info_request.
extension Kernel {
    /// Sends comm messages with `parent` (the request being handled) as their parent.
    func commPublisher(parent: MessageHeader?) -> CommPublisher {
        CommPublisher(transport: transport, factory: factory, registry: comms, parent: parent)
    }

    /// The widgets a request may create and change.
    func widgetSession(parent: MessageHeader) -> WidgetSession {
        WidgetSession(registry: widgets, publisher: commPublisher(parent: parent))
    }

    /// Opens the comm when a target takes it; otherwise closes it at once on IOPub, as
    /// ipykernel does for an unknown target or a handler that fails.
    func commOpen(_ message: Message) throws(RequestError) {
        let open = try CommMessage(message)
        let publisher = commPublisher(parent: message.header)
        guard let target = commTargets[open.targetName] else {
            log("closing comm \(open.commID): no comm target '\(open.targetName)'")
            publisher.close(open.commID)
            return
        }
        do throws(CommRefusal) {
            try target.open(open, publisher: publisher)
            comms.register(open.commID, target: target.name)
        } catch {
            log("closing comm \(open.commID) to '\(open.targetName)': \(error.reason)")
            publisher.close(open.commID)
        }
    }

    /// Hands the message to its comm's target and the events it yields to the language.
    func commMessage(_ message: Message) throws(RequestError) {
        let received = try CommMessage(message)
        guard let name = comms.target(of: received.commID), let target = commTargets[name] else {
            log("ignored comm_msg for comm \(received.commID), which is not open")
            return
        }
        for event in target.receive(received, publisher: commPublisher(parent: message.header)) {
            deliver(event, cause: message)
        }
    }

    func commClose(_ message: Message) throws(RequestError) {
        let closed = try CommMessage(message)
        guard let name = comms.remove(closed.commID) else {
            log("ignored comm_close for comm \(closed.commID), which is not open")
            return
        }
        commTargets[name]?.close(closed)
    }

    /// The open comms, of one target when `target_name` is given (as ipykernel answers).
    func commInfo(_ message: Message, from channel: Channel) throws(RequestError) {
        let target = try ContentReader(content: message.content).optionalString("target_name")
        let open = comms.comms(target: target)
        reply(
            to: message, on: channel,
            content: [
                "status": "ok",
                "comms": .object(open.mapValues { ["target_name": .string($0)] }),
            ])
    }

    /// Runs the language's handler for `event` as a small request of its own: its output
    /// and widget changes go out with the comm message as parent. It cannot read input.
    private func deliver(_ event: WidgetEvent, cause: Message) {
        cancellation.reset()
        let sink = IOPubOutputSink(transport: transport, factory: factory, parent: cause.header, silent: false)
        let input = StdinInputReader(
            allowed: false, request: cause, transport: transport, factory: factory,
            cancellation: cancellation, flushOutput: { sink.finish() }, log: log)
        let context = ExecutionContext(
            output: sink, input: input, cancellation: cancellation,
            executionCount: state.withLock { $0.executionCount }, silent: false,
            widgets: widgetSession(parent: cause.header))
        interpreter.withLock { $0.handleWidgetEvent(event, context: context) }
        sink.finish()
    }
}
