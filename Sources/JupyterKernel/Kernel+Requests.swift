import JupyterWire

// The handlers of the requests other than execute.
extension Kernel {
    /// The content of kernel_info_reply.
    var kernelInfo: [String: JSONValue] {
        [
            "status": "ok",
            "protocol_version": .string(MessageHeader.protocolVersion),
            "implementation": "strata",
            "implementation_version": .string(implementationVersion),
            "language_info": languageInfo.json,
            "banner": .string(banner),
            "help_links": .array(helpLinks.map { ["text": .string($0.text), "url": .string($0.url)] }),
            "debugger": false,
        ]
    }

    func complete(_ message: Message, from channel: Channel) throws(RequestError) {
        let request = try CompleteRequest(content: message.content)
        let result = interpreter.withLock { $0.complete(code: request.code, cursor: request.cursorPos) }
        reply(to: message, on: channel, content: result.replyContent)
    }

    func inspect(_ message: Message, from channel: Channel) throws(RequestError) {
        let request = try InspectRequest(content: message.content)
        let bundle = interpreter.withLock {
            $0.inspect(code: request.code, cursor: request.cursorPos, detailLevel: request.detailLevel)
        }
        reply(
            to: message, on: channel,
            content: [
                "status": "ok",
                "found": .bool(bundle != nil),
                "data": .object(bundle?.data ?? [:]),
                "metadata": .object(bundle?.metadata ?? [:]),
            ])
    }

    func isComplete(_ message: Message, from channel: Channel) throws(RequestError) {
        let request = try IsCompleteRequest(content: message.content)
        let completeness = interpreter.withLock { $0.isComplete(code: request.code) }
        reply(to: message, on: channel, content: completeness.replyContent)
    }

    func historyQuery(_ message: Message, from channel: Channel) throws(RequestError) {
        let request = try HistoryRequest(content: message.content)
        let entries: [HistoryEntry] =
            switch request.query {
            case .tail(let n):
                history.tail(n: n)
            case .range(let session, let start, let stop):
                history.range(session: session > 0 ? session : historySession + session, start: start, stop: stop)
            case .search(let pattern, let n, let unique):
                history.search(pattern: pattern, n: n, unique: unique)
            }
        let triples: [JSONValue] = entries.map { entry in
            // No outputs are stored, so an output request gets null beside each input.
            let input: JSONValue = request.output ? [.string(entry.source), .null] : .string(entry.source)
            return [.number(Double(entry.session)), .number(Double(entry.line)), input]
        }
        reply(to: message, on: channel, content: ["status": "ok", "history": .array(triples)])
    }

    /// Answers on the request's channel and, as ipykernel does, on IOPub, so every
    /// client learns of it; the dispatcher then completes the shutdown.
    func shutdown(_ message: Message, from channel: Channel) throws(RequestError) -> ShutdownRequest {
        let request = try ShutdownRequest(content: message.content)
        let content: [String: JSONValue] = ["status": "ok", "restart": .bool(request.restart)]
        reply(to: message, on: channel, content: content)
        transport.send(factory.publication(type: .shutdownReply, content: content, parent: message.header), on: .iopub)
        return request
    }
}
