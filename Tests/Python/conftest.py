"""Shared set-up for the tests that drive the Strata kernel as a real process.

The kernelspec is installed into a temporary prefix (with `strata install --prefix`)
and made visible through JUPYTER_PATH, so the tests never touch the user's Jupyter
set-up; every kernel they start keeps its store (history) in a temporary folder.
"""
import os
import pathlib
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
STRATA = pathlib.Path(os.environ.get("STRATA_BIN", ROOT / ".build" / "debug" / "strata")).resolve()

if not STRATA.exists():
    raise RuntimeError(f"the strata binary is missing at {STRATA}: run `swift build` first")

_prefix = tempfile.mkdtemp(prefix="strata-kernelspec-")
subprocess.run([str(STRATA), "install", "--prefix", _prefix], check=True, capture_output=True)
os.environ["JUPYTER_PATH"] = os.path.join(_prefix, "share", "jupyter")
os.environ["STRATA_STORE"] = tempfile.mkdtemp(prefix="strata-store-")
