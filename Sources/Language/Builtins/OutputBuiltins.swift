import Foundation
import Render
import TextFormat

/// Output and introspection: `print`, `eprint`, `show`, `help`, `clear_output`,
/// `sleep`, `input`.
enum OutputBuiltins {
    static var all: [Builtin] { [print, eprint, show, help, clearOutput, sleep, input] }

    static var print: Builtin {
        Builtin(
            "print",
            parameters: [
                .variadic("values"), .labelled("sep", default: .string(" ")),
                .labelled("end", default: .string("\n")),
            ],
            summary: "Writes the values to standard output, separated by spaces and followed by a newline.",
            details:
                "Strings are written as they are, without quotes. print(a, b, sep: \", \", end: \"\") changes the separator and the ending."
        ) { call throws(RuntimeError) in
            call.host.write(try text(of: call), to: .stdout)
            return .nil
        }
    }

    static var eprint: Builtin {
        Builtin(
            "eprint",
            parameters: [
                .variadic("values"), .labelled("sep", default: .string(" ")),
                .labelled("end", default: .string("\n")),
            ],
            summary: "Writes the values to standard error, as print does to standard output."
        ) { call throws(RuntimeError) in
            call.host.write(try text(of: call), to: .stderr)
            return .nil
        }
    }

    private static func text(of call: BuiltinCall) throws(RuntimeError) -> String {
        let separator = try call.string("sep")
        let end = try call.string("end")
        return call.rest.map { $0.plainText(quoted: false) }.joined(separator: separator) + end
    }

    static var show: Builtin {
        Builtin(
            "show", parameters: [.positional("value")],
            summary: "Displays a value now, richly (tables, plots), as if it were a cell's result."
        ) { call throws(RuntimeError) in
            call.host.display(call.argument("value").displayBundle(), id: nil)
            return .nil
        }
    }

    static var help: Builtin {
        Builtin(
            "help", parameters: [.optional("value")],
            summary: "Shows the signature and doc of a builtin, or what a value is, in the pager.",
            details: "help(round) shows round's labels and defaults; help() lists every builtin."
        ) { call throws(RuntimeError) in
            let text: String
            if let value = call.value("value") {
                text = value.helpText()
            } else {
                let builtins = call.registry.all
                let width = builtins.map(\.name.count).max() ?? 0
                text =
                    "Builtins (help(name) for details):\n\n"
                    + builtins.map { builtin in
                        builtin.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + builtin.summary
                    }.joined(separator: "\n")
            }
            call.page(MimeBundle(plain: text))
            return .nil
        }
    }

    static var clearOutput: Builtin {
        Builtin(
            "clear_output", parameters: [.labelled("wait", default: .bool(false))],
            summary: "Clears the cell's output; with wait: true, only once new output arrives (no flicker)."
        ) { call throws(RuntimeError) in
            call.host.clearOutput(wait: try call.bool("wait"))
            return .nil
        }
    }

    /// The longest sleep between two looks at the interrupt flag.
    static let sleepSlice = 0.05

    static var sleep: Builtin {
        Builtin(
            "sleep", parameters: [.positional("seconds")],
            summary: "Waits this many seconds; interrupting the kernel stops the wait."
        ) { call throws(RuntimeError) in
            let seconds = try call.number("seconds")
            guard seconds >= 0, seconds.isFinite else {
                throw call.invalid(
                    "seconds",
                    "\(call.shown("seconds")) must be a non-negative number, got \(NumberText.shortest(seconds))")
            }
            let deadline = Date().addingTimeInterval(seconds)
            while true {
                try call.checkInterrupt()
                let remaining = deadline.timeIntervalSinceNow
                if remaining <= 0 { break }
                Thread.sleep(forTimeInterval: Swift.min(remaining, sleepSlice))
            }
            return .nil
        }
    }

    static var input: Builtin {
        Builtin(
            "input", parameters: [.optional("prompt")],
            summary: "Asks the user for a line of text and returns it (without the newline).",
            details: "Works when the front end accepts input (allow_stdin); fails with an error otherwise."
        ) { call throws(RuntimeError) in
            let prompt: String
            switch call.value("prompt") {
            case nil: prompt = ""
            case .string(let text): prompt = text
            case let other?: prompt = other.plainText(quoted: false)
            }
            do throws(HostInputError) {
                return .string(try call.host.readLine(prompt: prompt))
            } catch {
                switch error {
                case .notAllowed: throw call.failure("this front end does not accept input (allow_stdin is false)")
                case .interrupted: throw RuntimeError.interrupted(span: call.span)
                }
            }
        }
    }
}
