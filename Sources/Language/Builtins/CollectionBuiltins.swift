/// Small helpers for lists and records: `list`, `keys`, `values`, `map`.
enum CollectionBuiltins {
    static var all: [Builtin] { [list, keys, values, map] }

    static var list: Builtin {
        Builtin(
            "list", parameters: [.positional("x")],
            summary: "The elements of a range, list or string as a list: list(range(3)) is [0, 1, 2]."
        ) { call throws(RuntimeError) in
            switch call.argument("x") {
            case .string(let text): return .list(text.map { .string(String($0)) })
            case .native(let native) where native.elements() != nil: return .list(native.elements()!)
            default: return .list(try call.list("x"))
            }
        }
    }

    static var keys: Builtin {
        Builtin(
            "keys", parameters: [.positional("record")],
            summary: "The field names of a record, in order: keys([a: 1, b: 2]) is [\"a\", \"b\"]."
        ) { call throws(RuntimeError) in
            guard case .record(let record) = call.argument("record") else {
                throw call.mismatch("record", expected: "a record")
            }
            return .list(record.names.map(Value.string))
        }
    }

    static var values: Builtin {
        Builtin(
            "values", parameters: [.positional("record")],
            summary: "The field values of a record, in order: values([a: 1, b: 2]) is [1, 2]."
        ) { call throws(RuntimeError) in
            guard case .record(let record) = call.argument("record") else {
                throw call.mismatch("record", expected: "a record")
            }
            return .list(record.fields.map(\.value))
        }
    }

    static var map: Builtin {
        Builtin(
            "map", parameters: [.positional("list"), .positional("function")],
            summary: "A list of f applied to each element: [1, 2].map { x in x * 10 } is [10, 20]."
        ) { call throws(RuntimeError) in
            let items = try call.list("list")
            let function = call.argument("function")
            guard function.isCallable else { throw call.mismatch("function", expected: "a function") }
            var results: [Value] = []
            results.reserveCapacity(items.count)
            for item in items {
                try call.checkInterrupt()
                results.append(try call.call(function, [item]))
            }
            return .list(results)
        }
    }
}
