"""The Strata kernel against jupyter_kernel_test: the protocol checks every Jupyter
front end relies on, with messages validated against the messaging spec."""
import os
import tempfile
import unittest

import jupyter_kernel_test


class StrataKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "strata"

    @classmethod
    def setUpClass(cls):
        # A store of its own, so the history checks see only this class's cells.
        os.environ["STRATA_STORE"] = tempfile.mkdtemp(prefix="strata-protocol-store-")
        super().setUpClass()

    language_name = "strata"
    file_extension = ".strata"

    code_hello_world = 'print("hello, world")'
    code_stderr = 'eprint("something went wrong")'

    completion_samples = [
        {"text": "pri", "matches": {"print"}},
        {"text": "round(2.5, dig", "matches": {"digits:"}},
        {"text": "clear_out", "matches": {"clear_output"}},
    ]

    complete_code_samples = ["1 + 1", "x = [1, 2, 3]", "print(\"hi\")", "", "f = { x in x * 2 }"]
    incomplete_code_samples = ["print(1,", "x = [1, 2", "f = { x in", "y = 1 +", 'print("abc']
    invalid_code_samples = [")", "1 +* 2", "x = = 3"]

    code_page_something = "help(print)"

    code_generate_error = "undefined_name + 1"

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "0.1 + 0.2", "result": "0.30000000000000004"},
        {"code": '"a" + "b"', "result": '"ab"'},
        {"code": "[1, 2] + [3]", "result": "[1, 2, 3]"},
        {"code": "[lr: 0.1, units: 64]", "result": "[lr: 0.1, units: 64]"},
        {"code": "[[a: 1, b: 2], [a: 3, b: 4]]", "mime": "text/html"},
    ]

    code_display_data = [
        {"code": "show(42)", "mime": "text/plain"},
        {"code": "show([[a: 1], [a: 2]])", "mime": "text/html"},
    ]

    code_history_pattern = "1 +*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "print"

    code_clear_output = "clear_output()"


if __name__ == "__main__":
    unittest.main()
