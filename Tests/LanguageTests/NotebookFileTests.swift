import Foundation
import Language
import Testing

/// A notebook as Jupyter saves it (one-space indent, sorted keys), with a markdown cell,
/// a code cell whose source is a list, one whose source is a string, and an empty one.
private let jupyterNotebook = """
    {
     "cells": [
      {
       "cell_type": "markdown",
       "metadata": {},
       "source": [
        "# Title\\n",
        "text"
       ]
      },
      {
       "cell_type": "code",
       "execution_count": 3,
       "metadata": {},
       "outputs": [],
       "source": [
        "x = 1\\n",
        "x+1"
       ]
      },
      {
       "cell_type": "code",
       "execution_count": null,
       "metadata": {},
       "outputs": [],
       "source": "y  =  \\"é\\\\t\\""
      },
      {
       "cell_type": "code",
       "execution_count": null,
       "metadata": {},
       "outputs": [],
       "source": []
      }
     ],
     "metadata": {
      "kernelspec": {
       "display_name": "Strata",
       "language": "strata",
       "name": "strata"
      },
      "language_info": {
       "name": "strata"
      }
     },
     "nbformat": 4,
     "nbformat_minor": 5
    }

    """

private func notebook(_ text: String, path: String = "nb.ipynb") throws(NotebookFileError) -> NotebookFile {
    try NotebookFile(bytes: Array(text.utf8), path: path)
}

@Suite struct NotebookFileTests {
    @Test("code cells are read with their index among all cells and their number among code cells")
    func readsCodeCells() throws {
        let nb = try notebook(jupyterNotebook)
        #expect(
            nb.codeCells == [
                NotebookFile.Cell(index: 1, number: 1, source: "x = 1\nx+1"),
                NotebookFile.Cell(index: 2, number: 2, source: "y  =  \"é\\t\""),
                NotebookFile.Cell(index: 3, number: 3, source: ""),
            ])
        #expect(nb.isStrata)
    }

    @Test("a notebook is Strata's when its kernelspec or its language says so, and only then")
    func recognisesStrataNotebooks() throws {
        func nb(_ metadata: String) throws -> NotebookFile {
            try notebook(#"{"cells": [], "metadata": \#(metadata), "nbformat": 4, "nbformat_minor": 5}"#)
        }
        #expect(try nb(#"{"kernelspec": {"name": "strata"}}"#).isStrata)
        #expect(try nb(#"{"language_info": {"name": "strata"}}"#).isStrata)
        #expect(try !nb(#"{"kernelspec": {"name": "python3"}, "language_info": {"name": "python"}}"#).isStrata)
        #expect(try !nb("{}").isStrata)
    }

    @Test("writing back unchanged sources gives the same bytes")
    func unchangedSourcesKeepEveryByte() throws {
        let nb = try notebook(jupyterNotebook)
        let same = Dictionary(uniqueKeysWithValues: nb.codeCells.map { ($0.index, $0.source) })
        #expect(try nb.replacingSources(same) == Array(jupyterNotebook.utf8))
        #expect(try nb.replacingSources([:]) == Array(jupyterNotebook.utf8))
    }

    @Test("a changed cell is written as Jupyter writes it, and nothing else changes")
    func changedCellsAreWrittenAsJupyterDoes() throws {
        let nb = try notebook(jupyterNotebook)
        let bytes = try nb.replacingSources([1: "x = 1\nx + 1\n", 2: "y = \"é\\t\"", 3: "z"])
        let expected =
            jupyterNotebook
            .replacingOccurrences(of: "    \"x+1\"\n", with: "    \"x + 1\\n\"\n")
            .replacingOccurrences(
                of: "\"source\": \"y  =  \\\"é\\\\t\\\"\"",
                with: "\"source\": [\n    \"y = \\\"é\\\\t\\\"\"\n   ]"
            )
            .replacingOccurrences(of: "\"source\": []", with: "\"source\": [\n    \"z\"\n   ]")
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        let reread = try NotebookFile(bytes: bytes, path: "nb.ipynb")
        #expect(reread.codeCells.map(\.source) == ["x = 1\nx + 1\n", "y = \"é\\t\"", "z"])
    }

    @Test("an emptied cell becomes an empty list; a compact notebook stays compact")
    func emptyAndCompact() throws {
        let nb = try notebook(jupyterNotebook)
        let emptied = String(decoding: try nb.replacingSources([1: ""]), as: UTF8.self)
        #expect(emptied.contains("\"outputs\": [],\n   \"source\": []\n  },"))

        let compact =
            #"{"cells":[{"cell_type":"code","source":"a\nb","metadata":{},"outputs":[]}],"metadata":{},"nbformat":4,"nbformat_minor":5}"#
        let written = try notebook(compact).replacingSources([0: "a\nb\nc"])
        #expect(
            String(decoding: written, as: UTF8.self)
                == compact.replacingOccurrences(of: #""a\nb""#, with: #"["a\n","b\n","c"]"#))
    }

    @Test("other indentation styles are kept: a changed cell follows its own indentation")
    func keepsOtherIndentation() throws {
        let text =
            "{\n    \"cells\": [\n        {\n            \"cell_type\": \"code\",\n            \"source\": [\"a\"]\n        }\n    ],\n    \"nbformat\": 4\n}\n"
        let written = try notebook(text).replacingSources([0: "b\nc"])
        #expect(
            String(decoding: written, as: UTF8.self)
                == text.replacingOccurrences(
                    of: "[\"a\"]", with: "[\n                \"b\\n\",\n                \"c\"\n            ]"))
    }

    @Test("the project's notebooks read, and write back unchanged byte for byte")
    func projectNotebooksRoundTrip() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("notebooks")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".ipynb") }
        #expect(!names.isEmpty)
        for name in names {
            let path = folder.appendingPathComponent(name).path
            let nb = try NotebookFile.read(path: path)
            #expect(nb.isStrata, "\(name)")
            #expect(!nb.codeCells.isEmpty)
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let same = Dictionary(uniqueKeysWithValues: nb.codeCells.map { ($0.index, $0.source) })
            #expect(try nb.replacingSources(same) == original, "\(name)")
        }
    }

    static let refusals: [(String, String)] = [
        ("{\"cells\": [", "nb.ipynb: not a notebook: invalid JSON (unexpected end of JSON text)"),
        ("[1, 2]", "nb.ipynb: not an nbformat 4 notebook: the file holds no JSON object"),
        (#"{"cells": []}"#, "nb.ipynb: not an nbformat 4 notebook: no 'nbformat' number"),
        (
            #"{"worksheets": [], "nbformat": 3}"#,
            "nb.ipynb: not an nbformat 4 notebook: it is nbformat 3; open and save it in a current Jupyter"
        ),
        (#"{"nbformat": 4}"#, "nb.ipynb: not an nbformat 4 notebook: no 'cells' list"),
        (
            #"{"cells": [{"source": "x"}], "nbformat": 4}"#,
            "nb.ipynb: not an nbformat 4 notebook: cell 0 has no 'cell_type'"
        ),
        (
            #"{"cells": [{"cell_type": "code", "source": [1]}], "nbformat": 4}"#,
            "nb.ipynb: not an nbformat 4 notebook: code cell 0's 'source' is neither a string nor a list of strings"
        ),
    ]

    @Test("what is not a notebook is refused with the path and the reason", arguments: refusals)
    func refusesWhatIsNotANotebook(text: String, message: String) {
        #expect(throws: NotebookFileError.self) { try notebook(text) }
        do {
            _ = try notebook(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("a missing file, a folder, and a cell index that is not a code cell are errors")
    func readErrors() throws {
        #expect(throws: NotebookFileError(path: "/nonexistent/x.ipynb", reason: .unreadable("no such file"))) {
            try NotebookFile.read(path: "/nonexistent/x.ipynb")
        }
        #expect(throws: NotebookFileError(path: "/tmp", reason: .unreadable("it is a folder"))) {
            try NotebookFile.read(path: "/tmp")
        }
        let nb = try notebook(jupyterNotebook)
        #expect(throws: NotebookFileError(path: "nb.ipynb", reason: .noSuchCodeCell(index: 0))) {
            try nb.replacingSources([0: "markdown is not code"])
        }
    }
}
