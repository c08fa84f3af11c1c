import JupyterWire

extension Kernel {
    /// Runs an execute_request: execute_input, the cell's outputs, its result or error,
    /// then the reply, all before the dispatcher's idle.
    func execute(_ message: Message, from channel: Channel, arrival: Int?) throws(RequestError) {
        let request = try ExecuteRequest(content: message.content)
        if let arrival, state.withLock({ arrival <= $0.abortThrough }) {
            replyAborted(to: message, on: channel)
            return
        }
        let count = state.withLock { state in
            if request.storeHistory { state.executionCount += 1 }
            return state.executionCount
        }
        if request.storeHistory { recordHistory(line: count, source: request.code) }

        cancellation.reset()
        let sink = IOPubOutputSink(
            transport: transport, factory: factory, parent: message.header,
            silent: request.silent)
        let input = StdinInputReader(
            allowed: request.allowStdin, request: message, transport: transport,
            factory: factory, cancellation: cancellation,
            flushOutput: { sink.finish() }, log: log)
        let context = ExecutionContext(
            output: sink, input: input, cancellation: cancellation,
            executionCount: count, silent: request.silent,
            widgets: widgetSession(parent: message.header))
        sink.publishInput(code: request.code, executionCount: count)
        let code = request.code
        let outcome = interpreter.withLock { $0.execute(code: code, context: context) }

        var content: [String: JSONValue] = ["execution_count": .number(Double(count))]
        switch outcome {
        case .success(let result, let payload):
            if let result { sink.publishResult(result, executionCount: count) }
            content["status"] = "ok"
            content["payload"] = .array(payload.map(\.json))
            content["user_expressions"] = .object(evaluate(request.userExpressions, context: context))
        case .failure(let error):
            sink.publishError(error)
            content["status"] = "error"
            content["payload"] = []
            content["user_expressions"] = [:]
            content.merge(error.jsonFields) { _, new in new }
            if request.stopOnError {
                // Only requests already waiting are aborted; later ones run (ipykernel's rule).
                state.withLock { $0.abortThrough = $0.lastArrival }
            }
        }
        sink.finish()
        reply(to: message, on: channel, content: content, metadata: ["status": content["status"] ?? "ok"])
    }

    /// `user_expressions` results: name -> {status ok, data, metadata} or the error fields.
    private func evaluate(_ expressions: [String: String], context: ExecutionContext) -> [String: JSONValue] {
        guard !expressions.isEmpty else { return [:] }
        var quiet = context
        // An expression's side output has no place in the notebook: it is discarded.
        quiet.output = DiscardingOutputSink()
        quiet.silent = true
        quiet.widgets = nil
        let evaluationContext = quiet
        var results: [String: JSONValue] = [:]
        for (name, expression) in expressions {
            let outcome = interpreter.withLock { $0.evaluate(expression: expression, context: evaluationContext) }
            switch outcome {
            case .value(let bundle):
                var fields = bundle.jsonFields
                fields["status"] = "ok"
                results[name] = .object(fields)
            case .failure(let error):
                var fields = error.jsonFields
                fields["status"] = "error"
                results[name] = .object(fields)
            }
        }
        return results
    }

    private func replyAborted(to message: Message, on channel: Channel) {
        let count = state.withLock { $0.executionCount }
        reply(
            to: message, on: channel,
            content: [
                "status": "aborted", "execution_count": .number(Double(count)),
                "user_expressions": [:], "payload": [],
            ],
            metadata: ["status": "aborted"])
    }

    private func recordHistory(line: Int, source: String) {
        do {
            try history.append(session: historySession, line: line, source: source)
        } catch {
            log("could not save cell \(line) to history: \(error)")
        }
    }
}

/// An output sink that drops everything, for `user_expressions`.
struct DiscardingOutputSink: OutputSink {
    func stream(_ name: StreamName, text: String) {}
    func display(_ bundle: DisplayBundle, displayID: String?) {}
    func updateDisplay(_ bundle: DisplayBundle, displayID: String) {}
    func clearOutput(wait: Bool) {}
}
