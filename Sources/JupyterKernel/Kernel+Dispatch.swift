import JupyterWire

extension MessageType {
    /// Requests that call the interpreter (comm messages may deliver widget events to
    /// it), so must run on the execution thread, between cells, even when they arrive
    /// on control.
    var needsInterpreter: Bool {
        switch self {
        case .executeRequest, .completeRequest, .inspectRequest, .isCompleteRequest,
            .commOpen, .commMsg, .commClose:
            true
        case .kernelInfoRequest, .historyRequest, .commInfoRequest,
            .shutdownRequest, .interruptRequest, .debugRequest,
            .kernelInfoReply, .executeReply, .completeReply, .inspectReply, .isCompleteReply,
            .historyReply, .commInfoReply, .shutdownReply, .interruptReply, .debugReply,
            .status, .stream, .executeInput, .executeResult, .displayData, .updateDisplayData,
            .clearOutput, .error, .inputRequest, .inputReply:
            false
        }
    }
}

extension Kernel {
    /// Handles one request: the single place where a message type picks its handler,
    /// bracketed by busy and idle with the request as parent.
    func process(_ message: Message, from channel: Channel, arrival: Int?) {
        guard !isShutDown else {
            log("dropped \(message.header.msgType) received after shutdown")
            return
        }
        publishStatus("busy", parent: message.header)
        var shutdown: ShutdownRequest?
        do throws(RequestError) {
            shutdown = try dispatch(message, from: channel, arrival: arrival)
        } catch {
            reportMalformed(message, on: channel, error)
        }
        publishStatus("idle", parent: message.header)
        if let shutdown { completeShutdown(shutdown) }
    }

    /// Runs the handler for `message`; returns the shutdown it answered, if any.
    private func dispatch(
        _ message: Message, from channel: Channel,
        arrival: Int?
    ) throws(RequestError) -> ShutdownRequest? {
        guard let type = message.type else {
            log("ignored unknown message type '\(message.header.msgType)' on \(channel.rawValue)")
            return nil
        }
        switch type {
        case .executeRequest:
            try execute(message, from: channel, arrival: arrival)
        case .kernelInfoRequest:
            reply(to: message, on: channel, content: kernelInfo)
        case .completeRequest:
            try complete(message, from: channel)
        case .inspectRequest:
            try inspect(message, from: channel)
        case .isCompleteRequest:
            try isComplete(message, from: channel)
        case .historyRequest:
            try historyQuery(message, from: channel)
        case .commInfoRequest:
            try commInfo(message, from: channel)
        case .commOpen:
            try commOpen(message)
        case .commMsg:
            try commMessage(message)
        case .commClose:
            try commClose(message)
        case .shutdownRequest:
            return try shutdown(message, from: channel)
        case .interruptRequest:
            interrupt()
            reply(to: message, on: channel, content: ["status": "ok"])
        case .debugRequest:
            // kernel_info advertises `debugger: false`; answer so a client never waits.
            reply(
                to: message, on: channel,
                content: [
                    "status": "error", "ename": "NotImplemented",
                    "evalue": "this kernel has no debugger", "traceback": [],
                ])
        case .kernelInfoReply, .executeReply, .completeReply, .inspectReply, .isCompleteReply,
            .historyReply, .commInfoReply, .shutdownReply, .interruptReply, .debugReply,
            .status, .stream, .executeInput, .executeResult, .displayData, .updateDisplayData,
            .clearOutput, .error, .inputRequest, .inputReply:
            log("ignored \(type.rawValue) on \(channel.rawValue): the kernel only answers requests")
        }
        return nil
    }

    /// A request the kernel could not read gets an error reply; other messages a log line.
    private func reportMalformed(_ message: Message, on channel: Channel, _ error: RequestError) {
        let type = message.header.msgType
        log("malformed \(type): \(error.description)")
        guard type.hasSuffix("_request") else { return }
        var content: [String: JSONValue] = [
            "status": "error", "ename": "MalformedRequest", "evalue": .string(error.description), "traceback": [],
        ]
        if message.type == .executeRequest {
            content["execution_count"] = .number(Double(state.withLock { $0.executionCount }))
            content["user_expressions"] = [:]
            content["payload"] = []
        }
        reply(to: message, on: channel, content: content)
    }

    /// Sends the `<type>_reply` to `request` back on its channel.
    func reply(
        to request: Message, on channel: Channel, content: [String: JSONValue],
        metadata: [String: JSONValue] = [:]
    ) {
        let type = KernelMessageFactory.replyType(for: request.header.msgType)
        transport.send(factory.reply(to: request, type: type, content: content, metadata: metadata), on: channel)
    }
}
