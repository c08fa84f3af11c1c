/// The tree with every span erased, so two parses of differently laid out code compare
/// equal exactly when they mean the same: how the formatter checks its own output.
extension Program {
    var shape: Program {
        Program(statements: statements.map(\.shape))
    }
}

private let nowhere = SourceSpan(
    start: SourceLocation(offset: 0, line: 0, column: 0),
    end: SourceLocation(offset: 0, line: 0, column: 0))

extension Identifier {
    fileprivate var shape: Identifier { Identifier(name: name, span: nowhere) }
}

extension Block {
    fileprivate var shape: Block { Block(statements: statements.map(\.shape), span: nowhere) }
}

extension Stmt {
    fileprivate var shape: Stmt {
        switch self {
        case .expression(let e, let suppressed): .expression(e.shape, suppressed: suppressed)
        case .assign(let name, let value, _): .assign(name: name.shape, value: value.shape, span: nowhere)
        case .destructure(let names, let value, _):
            .destructure(names: names.map(\.shape), value: value.shape, span: nowhere)
        case .forIn(let variable, let sequence, let body, _):
            .forIn(variable: variable.shape, sequence: sequence.shape, body: body.shape, span: nowhere)
        }
    }
}

extension Expr {
    fileprivate var shape: Expr {
        switch self {
        case .number(let value, _): .number(value, span: nowhere)
        case .string(let value, _): .string(value, span: nowhere)
        case .bool(let value, _): .bool(value, span: nowhere)
        case .nil: .nil(span: nowhere)
        case .name(let id): .name(id.shape)
        case .list(let elements, _): .list(elements.map(\.shape), span: nowhere)
        case .record(let fields, _):
            .record(fields.map { RecordField(name: $0.name.shape, value: $0.value.shape) }, span: nowhere)
        case .unary(let op, let operand, _): .unary(op, operand.shape, span: nowhere)
        case .binary(let op, let left, let right, _, _):
            .binary(op, left.shape, right.shape, opSpan: nowhere, span: nowhere)
        case .call(let callee, let arguments, _):
            .call(
                callee: callee.shape,
                arguments: arguments.map { Argument(label: $0.label?.shape, value: $0.value.shape) },
                span: nowhere)
        case .member(let object, let name, _): .member(object: object.shape, name: name.shape, span: nowhere)
        case .index(let object, let index, _): .index(object: object.shape, index: index.shape, span: nowhere)
        case .closure(let parameters, let body, _):
            .closure(parameters: parameters.map(\.shape), body: body.map(\.shape), span: nowhere)
        case .ifElse(let condition, let then, let elseBranch, _):
            .ifElse(condition: condition.shape, then: then.shape, elseBranch: elseBranch?.shape, span: nowhere)
        }
    }
}
