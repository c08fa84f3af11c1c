import Learn
import Tensor
import TextFormat

/// The "Models" section of LANGUAGE.md: `sequential`, the layers and `summary`. Each
/// layer builtin checks its own settings, so `dense(-3)` fails where it is written;
/// whether a layer fits the data's shape is known only at the first `fit`.
enum ModelBuiltins {
    static var all: [Builtin] {
        [
            sequential, dense, conv2d, maxpool2d, avgpool2d, flatten, reshape, dropout, batchnorm,
            activation(.relu), activation(.sigmoid), activation(.tanh), activation(.softmax), activation(.gelu),
            summary,
        ] + SequenceLayerBuiltins.all
    }

    static var sequential: Builtin {
        Builtin(
            "sequential", parameters: [.positional("layers")],
            summary: "A model: the layers applied one after another.",
            details: """
                Layers: dense, conv2d, maxpool2d, avgpool2d, flatten, reshape, dropout, batchnorm, relu, sigmoid, tanh,
                softmax, gelu. Input shapes are inferred from the data at the first fit; fit trains the model in place.
                Example: sequential([dense(16, activation: "relu"), dense(3)])
                """
        ) { call throws(RuntimeError) in
            var specs: [LayerSpec] = []
            for (index, item) in try call.list("layers").enumerated() {
                guard case .native(let native) = item, let layer = native as? ModelLayerValue else {
                    throw call.invalid(
                        "layers",
                        "element \(index) of 'layers' is a \(item.typeName), not a layer "
                            + "such as dense(16)")
                }
                specs.append(layer.spec)
            }
            do throws(ModelError) {
                return .native(ModelValue(try Sequential(specs)))
            } catch {
                throw call.invalid(
                    "layers", error == .noLayers ? "a model needs at least one layer" : error.description)
            }
        }
    }

    static var dense: Builtin {
        Builtin(
            "dense", parameters: [.positional("units"), .labelled("activation", default: .nil)],
            summary: "A fully connected layer of `units` outputs, with an optional activation.",
            details:
                "Takes flat samples (add flatten() after convolutions). Weights start Glorot-uniform, biases at zero."
        ) { call throws(RuntimeError) in
            layer(.dense(units: try call.positiveInteger("units"), activation: try call.activation("activation")))
        }
    }

    static var conv2d: Builtin {
        Builtin(
            "conv2d",
            parameters: [
                .positional("filters"), .labelled("kernel", default: .number(3)),
                .labelled("stride", default: .number(1)),
                .labelled("padding", default: .string("same")), .labelled("activation", default: .nil),
            ],
            summary: "A 2-D convolution of `filters` kernel x kernel filters over [channels, height, width] samples.",
            details:
                "padding: \"same\" keeps height and width (at stride 1), \"valid\" uses only windows inside the image."
        ) { call throws(RuntimeError) in
            layer(
                .conv2d(
                    filters: try call.positiveInteger("filters"), kernel: try call.positiveInteger("kernel"),
                    stride: try call.positiveInteger("stride"), padding: try call.padding("padding"),
                    activation: try call.activation("activation")))
        }
    }

    static var maxpool2d: Builtin {
        Builtin(
            "maxpool2d", parameters: [.labelled("size", default: .number(2))],
            summary: "Max pooling over size x size windows (stride = size)."
        ) { call throws(RuntimeError) in
            layer(.maxPool2d(size: try call.positiveInteger("size")))
        }
    }

    static var avgpool2d: Builtin {
        Builtin(
            "avgpool2d", parameters: [.labelled("size", default: .number(2))],
            summary: "Average pooling over size x size windows (stride = size)."
        ) { call throws(RuntimeError) in
            layer(.avgPool2d(size: try call.positiveInteger("size")))
        }
    }

    static var flatten: Builtin {
        Builtin(
            "flatten", parameters: [], summary: "Flattens each sample to one axis (before dense layers)."
        ) { _ throws(RuntimeError) in layer(.flatten) }
    }

    static var reshape: Builtin {
        Builtin(
            "reshape", parameters: [.positional("shape")],
            summary: "Rearranges each sample into `shape` (one extent may be -1, inferred), e.g. reshape([1, 28, 28])."
        ) { call throws(RuntimeError) in
            var shape: [Int] = []
            for item in try call.list("shape") {
                guard case .number(let number) = item, number == number.rounded(), number == -1 || number >= 1,
                    number < 1e9
                else {
                    throw call.invalid(
                        "shape",
                        "\(call.shown("shape")) must be a list of positive whole numbers (one may be -1), "
                            + "got \(call.argument("shape").plainText())")
                }
                shape.append(Int(number))
            }
            return try checked(.reshape(shape), call)
        }
    }

    static var dropout: Builtin {
        Builtin(
            "dropout", parameters: [.positional("rate")],
            summary:
                "Sets a fraction `rate` of the values to zero while training (inverted dropout); nothing at inference."
        ) { call throws(RuntimeError) in
            try checked(.dropout(rate: try call.number("rate")), call)
        }
    }

    static var batchnorm: Builtin {
        Builtin(
            "batchnorm", parameters: [],
            summary: "Batch normalisation of each feature (after dense) or channel (after conv2d)."
        ) { _ throws(RuntimeError) in layer(.batchNorm) }
    }

    static func activation(_ kind: Activation) -> Builtin {
        Builtin(kind.rawValue, parameters: [], summary: "The \(kind.rawValue) activation as a layer.") {
            _ throws(RuntimeError) in
            layer(.activation(kind))
        }
    }

    static var summary: Builtin {
        Builtin(
            "summary", parameters: [.positional("model")],
            summary: "A table of the model's layers, output shapes and parameter counts.",
            details: "Before the first fit, shapes show as ? (they are inferred from the data)."
        ) { call throws(RuntimeError) in
            .native(ModelSummaryValue(try call.model("model").model))
        }
    }

    static func layer(_ spec: LayerSpec) -> Value { .native(ModelLayerValue(spec)) }

    /// The layer, after Learn has checked its settings (reported at the label named).
    private static func checked(_ spec: LayerSpec, _ call: BuiltinCall) throws(RuntimeError) -> Value {
        do throws(SettingError) {
            try spec.validate()
        } catch {
            throw call.invalid(error.parameter, error.description)
        }
        return layer(spec)
    }
}
