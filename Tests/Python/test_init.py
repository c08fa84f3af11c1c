"""`strata init` as a user meets it: the command makes a project in a clean temporary
folder, then everything its README and Makefile say is run there, except Docker:
`make report` executes the starter notebook with the Strata kernel, `make lint` checks
it, `make lab` opens JupyterLab with the kernel, `make data` and the store commands see
the versioned raw data. A non-empty folder is refused with nothing written, and the CI
workflow is valid YAML with its jobs."""
import json
import os
import pathlib
import signal
import subprocess
import urllib.request
import uuid

import nbformat
import pytest
import yaml

from conftest import ROOT, STRATA, free_port, wait_for_lab

JUPYTER = ROOT / ".venv" / "bin" / "jupyter"
VERSION = subprocess.run([str(STRATA), "--version"], capture_output=True, text=True).stdout.strip()


def user_env(tmp_path):
    """The environment a user has: strata on PATH, Jupyter's own folders in the test's,
    no STRATA_STORE (the project's Makefile points it at the project's .strata/). JUPYTER
    names the test environment's jupyter, as the README says to for one already installed."""
    env = dict(os.environ)
    env.pop("STRATA_STORE", None)
    env["PATH"] = f"{STRATA.parent}{os.pathsep}{env['PATH']}"
    env["JUPYTER"] = str(JUPYTER)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        env[name] = str(tmp_path / name.lower())
    return env


def run(args, cwd, env, timeout=900):
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def make(project, env, *args, timeout=900):
    result = run(["make", *args], project, env, timeout)
    assert result.returncode == 0, f"make {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def listing(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project made by `strata init NAME` in a clean folder. Yields (folder, env, stdout)."""
    work = tmp_path_factory.mktemp("init")
    env = user_env(work)
    result = run(["strata", "init", "churn-study"], work, env)
    assert result.returncode == 0, result.stderr
    return work / "churn-study", env, result.stdout


def test_init_writes_the_layout_and_says_what_to_do_next(project):
    folder, _, out = project
    for path in ["README.md", "Makefile", "requirements.txt", ".gitignore", "Dockerfile", ".dockerignore",
                 ".github/workflows/ci.yml", "notebooks/first-model.ipynb", "data/raw/iris.csv",
                 "data/raw/README.md", "data/processed/.gitkeep"]:
        assert (folder / path).is_file(), path
        assert path in out, f"{path} is not in the list of what was created:\n{out}"
    for step in ["cd churn-study", "make lab", "make report", "make lint"]:
        assert step in out, out
    ignored = (folder / ".gitignore").read_text().split()
    for pattern in [".strata/", ".ipynb_checkpoints/", "reports/"]:
        assert pattern in ignored
    readme = (folder / "README.md").read_text()
    assert readme.startswith("# churn-study\n")
    for command in ["make lab", "make report", "make lint", "make data", "strata runs"]:
        assert command in readme
    notebook = nbformat.read(folder / "notebooks/first-model.ipynb", as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "strata"
    assert (folder / "data/raw/iris.csv").read_text().startswith("sepal_length,sepal_width,petal_length,petal_width,species\n")


def test_the_raw_data_is_versioned_in_the_projects_store(project):
    folder, env, out = project
    assert (folder / ".strata").is_dir()
    assert "Versioned data/raw" in out
    status = run(["strata", "status", "data/raw"], folder, env)
    assert status.returncode == 0, status.stderr
    assert "unchanged since" in status.stdout


def test_make_report_executes_the_starter_notebook_with_the_strata_kernel(project):
    folder, env, _ = project
    make(folder, env, "report")
    executed = nbformat.read(folder / "reports/first-model.ipynb", as_version=4)
    outputs = [o for cell in executed.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"], outputs
    assert all(cell.execution_count for cell in executed.cells if cell.cell_type == "code")
    text = json.dumps(outputs)
    assert "accuracy" in text and "iris.csv" in text
    assert (folder / "reports/first-model.html").is_file()
    # The kernelspec the Makefile installed names the strata it found on PATH.
    spec = json.loads((folder / ".jupyter/share/jupyter/kernels/strata/kernel.json").read_text())
    assert pathlib.Path(spec["argv"][0]).parent == STRATA.parent, spec["argv"]
    # The run and the data version are in the project's store, not beside the notebook.
    assert not (folder / "notebooks/.strata").exists()
    runs = run(["strata", "runs", "--json"], folder, env)
    assert runs.returncode == 0, runs.stderr
    assert "first-model" in runs.stdout
    show = run(["strata", "show", "first-model"], folder, env)
    assert show.returncode == 0 and "data/raw/iris.csv" in show.stdout, show.stdout + show.stderr


def test_make_lint_passes_on_the_starter_notebook(project):
    folder, env, _ = project
    result = make(folder, env, "lint")
    assert "no problems" in result.stdout + result.stderr


def test_make_data_versions_a_change_to_the_raw_data(project):
    folder, env, _ = project
    (folder / "data/raw/notes.csv").write_text("a,b\n1,2\n")
    changed = run(["strata", "status", "data/raw"], folder, env)
    assert "added:    notes.csv" in changed.stdout, changed.stdout
    result = make(folder, env, "data")
    assert "added data/raw" in result.stderr
    assert "unchanged since" in run(["strata", "status", "data/raw"], folder, env).stdout


def test_make_lab_opens_jupyterlab_with_the_strata_kernel(project, tmp_path):
    folder, env, _ = project
    port, token = free_port(), "init-test-" + uuid.uuid4().hex
    log = open(tmp_path / "lab.log", "w+")
    process = subprocess.Popen(
        ["make", "lab", f"LAB_ARGS=--no-browser --ip=127.0.0.1 --port={port} --ServerApp.token={token} "
                        "--ServerApp.port_retries=0"],
        cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_lab(process, port, token, log)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/kernelspecs",
                                         headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            specs = json.load(response)["kernelspecs"]
        assert "strata" in specs
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/contents/notebooks",
                                         headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            names = [item["name"] for item in json.load(response)["content"]]
        assert "first-model.ipynb" in names
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def test_without_jupyter_the_makefile_makes_a_python_environment_first(project):
    folder, env, _ = project
    env = {k: v for k, v in env.items() if k != "JUPYTER"}
    planned = make(folder, env, "-n", "report").stdout
    assert "python3 -m venv .venv" in planned and "pip install -q -r requirements.txt" in planned, planned
    assert ".venv/bin/jupyter nbconvert" in planned


def test_the_ci_workflow_lints_then_executes_the_notebooks(project):
    folder, _, _ = project
    workflow = yaml.safe_load((folder / ".github/workflows/ci.yml").read_text())
    # YAML 1.1 reads the key `on` as true.
    triggers = workflow.get("on", workflow.get(True))
    assert "push" in triggers and "pull_request" in triggers
    jobs = workflow["jobs"]
    assert set(jobs) == {"lint", "report"}
    assert jobs["report"]["needs"] == "lint"
    for name, command in [("lint", "make lint"), ("report", "make report")]:
        job = jobs[name]
        assert job["runs-on"] == "ubuntu-latest"
        assert job["container"]["image"] == "${{ vars.STRATA_IMAGE }}"
        assert job["steps"][0]["uses"].startswith("actions/checkout@")
        assert command in [step.get("run") for step in job["steps"]]


def test_the_projects_dockerfile_starts_from_the_strata_lab_image(project):
    folder, _, _ = project
    dockerfile = (folder / "Dockerfile").read_text()
    assert f"ARG STRATA_IMAGE=strata-lab:{VERSION}\nFROM ${{STRATA_IMAGE}}\n" in dockerfile
    assert 'CMD ["make", "lab",' in dockerfile


def test_init_refuses_a_folder_that_holds_anything_and_writes_nothing(tmp_path):
    env = user_env(tmp_path)
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / ".notes").write_text("mine\n")
    result = run(["strata", "init", str(taken)], tmp_path, env)
    assert result.returncode != 0
    assert "is not empty" in result.stderr and "wrote nothing" in result.stderr, result.stderr
    assert listing(taken) == [".notes"]

    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    result = run(["strata", "init", str(a_file)], tmp_path, env)
    assert result.returncode != 0 and "is not a folder" in result.stderr
    assert a_file.read_text() == "x"


def test_init_takes_an_empty_folder_or_a_new_nested_path(tmp_path):
    env = user_env(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(["strata", "init", "empty"], tmp_path, env).returncode == 0
    assert (empty / "notebooks/first-model.ipynb").is_file()
    nested = run(["strata", "init", "work/2026/study"], tmp_path, env)
    assert nested.returncode == 0, nested.stderr
    assert "# study\n" in (tmp_path / "work/2026/study/README.md").read_text()
