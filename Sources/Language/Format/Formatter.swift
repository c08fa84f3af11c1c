/// The one canonical layout of Strata code, as `strata fmt` writes it: two spaces of
/// indentation per level, spaces around binary operators and after commas and labels'
/// colons, lines of at most 100 characters where the grammar allows a break (see
/// `Layout` for the rules), every comment kept, blank lines between statements kept but
/// never more than one. Literals are kept exactly as written.
///
/// Formatting is idempotent, and the result parses to the same tree as the input:
/// the formatter checks the second before returning, so code is never changed in
/// meaning. Code that does not parse is refused with the parser's errors.
public enum Formatter {
    /// Formats a file: the canonical text, ending with a line break unless it is empty.
    public static func format(_ source: String) throws(FormatError) -> String {
        let text = try formatCell(source)
        return text.isEmpty ? "" : text + "\n"
    }

    /// Formats a notebook cell: as `format`, without a final line break.
    public static func formatCell(_ source: String) throws(FormatError) -> String {
        let parsed = Parser.parse(source)
        guard parsed.isValid else { throw .syntax(parsed.diagnostics.filter { $0.severity == .error }) }
        let (tokens, _) = Lexer.tokenize(source, keepComments: true)
        let work = { () -> Result<String, FormatError> in
            var builder = FormatTreeBuilder(tokens: tokens)
            let text = Layout.text(of: builder.build(parsed.program))
            let reparsed = Parser.parse(text)
            guard reparsed.isValid, reparsed.program.shape == parsed.program.shape else {
                return .failure(.changedMeaning)
            }
            return .success(text)
        }
        // Building, laying out and comparing recurse once per level of nesting; a cell
        // nested hundreds of levels deep gets a thread with room for it.
        let result = tokens.count > 100 ? LargeStack.run(work) : work()
        return try result.get()
    }
}
