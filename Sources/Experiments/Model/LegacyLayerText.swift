import Learn
import Tensor

/// Reads the layer texts that runs recorded in `params.layers` before model specs
/// existed (schema 3): the calls a user writes, with the labels that differ from their
/// defaults, e.g. `dense(16, activation: "relu")`, `conv2d(4, kernel: 2, padding:
/// "valid")`, `maxpool2d()`, `reshape([1, 8, 8])`, `dropout(0.25)`, `relu()`.
///
/// It accepts exactly what `LayerSpec.description` writes (and wrote), and nothing
/// else: it is how those runs' models load again, not a second language.
enum LegacyLayerText {
    /// The spec `text` describes, or nil when it is not a layer call.
    static func spec(_ text: String) -> LayerSpec? {
        var reader = Reader(Array(text.utf8))
        guard let call = reader.call(), reader.atEnd else { return nil }
        return spec(call)
    }

    /// The specs of every text, or nil when any one does not read.
    static func specs(_ texts: [String]) -> [LayerSpec]? {
        var specs: [LayerSpec] = []
        for text in texts {
            guard let spec = spec(text) else { return nil }
            specs.append(spec)
        }
        return specs.isEmpty ? nil : specs
    }

    enum Argument: Equatable {
        case number(Double)
        case string(String)
        case list([Double])
    }

    struct Call {
        var name: String
        var positional: [Argument] = []
        var labelled: [String: Argument] = [:]
    }

    private static func spec(_ call: Call) -> LayerSpec? {
        func integer(_ argument: Argument?) -> Int? {
            guard case .number(let n)? = argument, n == n.rounded(), abs(n) < 1e9 else { return nil }
            return Int(n)
        }
        func text(_ argument: Argument?) -> String? {
            if case .string(let s)? = argument { return s }
            return nil
        }
        func activation() -> Activation?? {
            guard let argument = call.labelled["activation"] else { return .some(nil) }
            guard let name = text(argument), let activation = Activation(rawValue: name) else { return nil }
            return .some(activation)
        }
        let known: Set<String>
        let spec: LayerSpec?
        switch call.name {
        case "dense":
            known = ["activation"]
            guard call.positional.count == 1, let units = integer(call.positional[0]), let a = activation() else {
                return nil
            }
            spec = .dense(units: units, activation: a)
        case "conv2d":
            known = ["kernel", "stride", "padding", "activation"]
            guard call.positional.count == 1, let filters = integer(call.positional[0]), let a = activation() else {
                return nil
            }
            let kernel = call.labelled["kernel"].map { integer($0) } ?? 3
            let stride = call.labelled["stride"].map { integer($0) } ?? 1
            let padding = call.labelled["padding"].map { text($0).flatMap(Padding.init(rawValue:)) } ?? .same
            guard let kernel, let stride, let padding else { return nil }
            spec = .conv2d(filters: filters, kernel: kernel, stride: stride, padding: padding, activation: a)
        case "maxpool2d", "avgpool2d":
            known = ["size"]
            guard call.positional.isEmpty, let size = call.labelled["size"].map({ integer($0) }) ?? 2 else {
                return nil
            }
            spec = call.name == "maxpool2d" ? .maxPool2d(size: size) : .avgPool2d(size: size)
        case "flatten", "batchnorm":
            known = []
            guard call.positional.isEmpty else { return nil }
            spec = call.name == "flatten" ? .flatten : .batchNorm
        case "reshape":
            known = []
            guard call.positional.count == 1, case .list(let extents) = call.positional[0],
                extents.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e9 })
            else { return nil }
            spec = .reshape(extents.map { Int($0) })
        case "dropout":
            known = []
            guard call.positional.count == 1, case .number(let rate) = call.positional[0] else { return nil }
            spec = .dropout(rate: rate)
        default:
            known = []
            guard call.positional.isEmpty, let a = Activation(rawValue: call.name) else { return nil }
            spec = .activation(a)
        }
        guard Set(call.labelled.keys).isSubset(of: known) else { return nil }
        return spec
    }

    /// A cursor over the text's bytes (layer texts are ASCII apart from string contents).
    struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool {
            mutating get { skipSpaces(); return index == bytes.count }
        }

        mutating func skipSpaces() {
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        }

        mutating func take(_ byte: Character) -> Bool {
            skipSpaces()
            guard index < bytes.count, bytes[index] == byte.asciiValue else { return false }
            index += 1
            return true
        }

        mutating func name() -> String? {
            skipSpaces()
            let start = index
            while index < bytes.count,
                bytes[index] == UInt8(ascii: "_")
                    || (bytes[index] >= UInt8(ascii: "a") && bytes[index] <= UInt8(ascii: "z"))
                    || (index > start && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9"))
            {
                index += 1
            }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }

        mutating func number() -> Double? {
            skipSpaces()
            let start = index
            while index < bytes.count, "+-.0123456789e".utf8.contains(bytes[index]) { index += 1 }
            return index > start ? Double(String(decoding: bytes[start..<index], as: UTF8.self)) : nil
        }

        mutating func string() -> String? {
            guard take("\"") else { return nil }
            var out: [UInt8] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count { index += 1 }
                out.append(bytes[index])
                index += 1
            }
            guard index < bytes.count else { return nil }
            index += 1
            return String(decoding: out, as: UTF8.self)
        }

        mutating func argument() -> Argument? {
            skipSpaces()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "\"") { return string().map(Argument.string) }
            if take("[") {
                var items: [Double] = []
                if take("]") { return .list(items) }
                repeat {
                    guard let n = number() else { return nil }
                    items.append(n)
                } while take(",")
                return take("]") ? .list(items) : nil
            }
            return number().map(Argument.number)
        }

        mutating func call() -> Call? {
            guard let callee = name(), take("(") else { return nil }
            var call = Call(name: callee)
            if take(")") { return call }
            repeat {
                let mark = index
                if let label = name(), take(":") {
                    guard let value = argument(), call.labelled[label] == nil else { return nil }
                    call.labelled[label] = value
                } else {
                    index = mark
                    guard call.labelled.isEmpty, let value = argument() else { return nil }
                    call.positional.append(value)
                }
            } while take(",")
            return take(")") ? call : nil
        }
    }
}
