"""Strata's Dockerfile, checked without a container engine: every build step is a script
or make target of this repository (the ones CI runs), the stages the README and the
Dockerfile name exist, base images are pinned, the images run as a user with a token,
the run-time packages cover every library the binary loads, and the install layout and
the serve entrypoint work when run here."""
import json
import os
import pathlib
import re
import shlex
import subprocess

import pytest

from conftest import ROOT, STRATA

DOCKERFILE = ROOT / "Dockerfile"
VERSION = subprocess.run([str(STRATA), "--version"], capture_output=True, text=True).stdout.strip()


def instructions():
    """(stage name, INSTRUCTION, arguments) for each instruction, continuations joined."""
    result, stage, pending = [], None, ""
    for line in DOCKERFILE.read_text().splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        text = (pending + line).strip()
        pending = ""
        keyword, _, arguments = text.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            words = arguments.split()
            stage = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
        result.append((stage, keyword, arguments.strip()))
    return result


def stages():
    return [stage for stage, keyword, _ in instructions() if keyword == "FROM"]


def makefile_targets():
    return set(re.findall(r"^([A-Za-z][\w-]*):", (ROOT / "Makefile").read_text(), re.M))


def strata_subcommands():
    help_text = subprocess.run([str(STRATA), "--help"], capture_output=True, text=True).stdout
    section = help_text.split("SUBCOMMANDS:")[1]
    return set(re.findall(r"^  (\w[\w-]*)", section, re.M))


def test_the_stages_the_readme_and_the_dockerfile_name_exist():
    named = set(stages())
    assert {"build", "runtime", "lab", "serve"} <= named
    readme = (ROOT / "README.md").read_text()
    in_readme = set(re.findall(r"--target (\w+)", readme))
    assert {"lab", "serve"} <= in_readme, "the README should show how to build the lab and serve images"
    mentioned = in_readme | set(re.findall(r"--target (\w+)", DOCKERFILE.read_text()))
    assert mentioned <= named, f"targets named but missing from the Dockerfile: {mentioned - named}"
    # `strata init` projects start FROM the lab image, tagged with this version.
    assert f"strata-lab:{VERSION}" in DOCKERFILE.read_text()


def test_base_images_are_pinned_and_the_build_uses_swift_6_3():
    named = set()
    for stage, keyword, arguments in instructions():
        if keyword != "FROM":
            continue
        image = arguments.split()[0]
        if image not in named:
            assert ":" in image and not image.endswith(":latest"), f"unpinned base image {image}"
        if stage:
            named.add(stage)
    assert instructions()[0][2].startswith("swift:6.3-bookworm AS build")


def test_every_run_step_calls_a_script_target_or_command_of_this_repository():
    targets, subcommands = makefile_targets(), strata_subcommands()
    runs = [(stage, arguments) for stage, keyword, arguments in instructions() if keyword == "RUN"]
    assert runs
    for stage, arguments in runs:
        assert "&&" not in arguments and ";" not in arguments, f"one command per RUN: {arguments}"
        words = shlex.split(arguments)
        while words and re.match(r"^[A-Z_]+=", words[0]):
            words.pop(0)
        command = words[0]
        if command == "make":
            missing = [t for t in words[1:] if not t.startswith("-") and "=" not in t and t not in targets]
            assert not missing, f"RUN {arguments}: no such make target {missing}"
        elif command == "strata":
            assert words[1] in subcommands, f"RUN {arguments}: strata has no {words[1]}"
        elif command == "useradd":
            continue
        else:
            script = ROOT / command
            assert script.is_file() and os.access(script, os.X_OK), f"RUN {arguments}: {command} is not a script here"
    build_steps = [arguments for stage, arguments in runs if stage == "build"]
    assert "scripts/ensure-deps.sh" in build_steps and "make release" in build_steps, build_steps
    # What .ci/run and `make test` run: the same script and the same release build.
    assert "make deps" in (ROOT / ".ci/run").read_text()
    assert "--static-swift-stdlib" in (ROOT / "Makefile").read_text()


def test_every_copied_file_exists_and_is_not_ignored_by_the_build_context():
    ignored = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    for _, keyword, arguments in instructions():
        if keyword != "COPY" or "--from=" in arguments:
            continue
        sources = [w for w in shlex.split(arguments) if not w.startswith("--")][:-1]
        for source in sources:
            if source == ".":
                continue
            assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
            assert not any(source == p or source.startswith(p + "/") for p in ignored), f"{source} is in .dockerignore"


def test_the_images_run_as_a_user_expose_their_port_and_hold_no_secret():
    by_stage = {}
    for stage, keyword, arguments in instructions():
        by_stage.setdefault(stage, []).append((keyword, arguments))
    for stage, port in [("lab", "8888"), ("serve", "8080")]:
        steps = by_stage[stage]
        users = [arguments for keyword, arguments in steps if keyword == "USER"]
        assert users and users[-1] not in ("root", "0"), f"{stage} runs as root"
        assert ("EXPOSE", port) in steps
    lab_command = json.loads([a for k, a in by_stage["lab"] if k == "CMD"][0])
    assert "--ip=0.0.0.0" in lab_command and "--allow-root" not in lab_command
    assert not [a for a in lab_command if "token=" in a.lower()], "the lab must keep Jupyter's token"
    for _, keyword, arguments in instructions():
        if keyword in ("ENV", "ARG"):
            assert not re.search(r"(TOKEN|PASSWORD|SECRET|KEY)\w*=\S", arguments), arguments


def packages_for(library):
    """The Debian package holding `library` (a path), trying the usr-merged twin too."""
    real = os.path.realpath(library)
    for candidate in (real, real.replace("/usr/lib/", "/lib/", 1), library):
        found = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if found.returncode == 0:
            return found.stdout.split(":")[0]
    return None


def dependency_closure(packages):
    seen, todo = set(), list(packages)
    while todo:
        package = todo.pop()
        if package in seen:
            continue
        seen.add(package)
        fields = subprocess.run(["dpkg-query", "-W", "-f=${Depends},${Pre-Depends},${Provides}", package],
                                capture_output=True, text=True).stdout
        for alternative in fields.split(","):
            names = [re.split(r"[ (:]", a.strip())[0] for a in alternative.split("|") if a.strip()]
            installed = [n for n in names if subprocess.run(["dpkg", "-s", n], capture_output=True).returncode == 0]
            todo.extend(installed[:1])
    return seen


@pytest.mark.skipif(subprocess.run(["which", "dpkg"], capture_output=True).returncode != 0, reason="needs Debian")
def test_the_runtime_packages_hold_every_library_the_binary_loads():
    listed = subprocess.run([str(ROOT / "scripts/image-deps.sh"), "--list", "runtime"], capture_output=True,
                            text=True, check=True).stdout.split()
    # What debian:bookworm-slim already has: the required packages and apt's own needs.
    required = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Priority}\n"], capture_output=True,
                              text=True).stdout.splitlines()
    base = dependency_closure([line.split()[0] for line in required if line.endswith(" required")] + ["apt"])
    provided = dependency_closure(listed) | base
    libraries = re.findall(r"=> (/\S+)", subprocess.run(["ldd", str(STRATA)], capture_output=True, text=True).stdout)
    # Libraries opened with dlopen, which ldd cannot see (OpenBLAS, loaded late on purpose).
    opened = set(re.findall(r'dlopen\("([^"]+)"', "".join(
        p.read_text() for p in (ROOT / "Sources").rglob("*.swift"))))
    assert "libopenblas.so.0" in opened
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    for name in opened:
        libraries += re.findall(rf"{re.escape(name)} \(.*\) => (\S+)", cache)[:1]
    uncovered = {}
    for library in libraries:
        package = packages_for(library)
        if package is None:
            # The Swift runtime of the toolchain: `make release` links it statically.
            assert "swift" in library, f"{library} belongs to no Debian package"
            continue
        if package not in provided:
            uncovered[library] = package
    assert not uncovered, f"libraries the runtime image would lack (add their packages to image-deps.sh): {uncovered}"


def test_the_install_layout_runs_the_kernel_and_the_bundled_data(tmp_path):
    prefix = tmp_path / "opt"
    subprocess.run([str(ROOT / "scripts/install-prefix.sh"), str(prefix), str(STRATA.parent)], check=True,
                   capture_output=True)
    installed = prefix / "bin" / "strata"
    assert (prefix / "bin/Strata_Data.resources/Datasets/iris.csv").is_file()
    result = subprocess.run([str(installed), "install", "--prefix", str(tmp_path / "venv")], capture_output=True,
                            text=True, check=True)
    spec_folder = tmp_path / "venv/share/jupyter/kernels/strata"
    spec = json.loads((spec_folder / "kernel.json").read_text())
    assert spec["argv"][0] == str(prefix / "bin" / "strata-kernel"), result.stdout
    assert (spec_folder / "logo-64x64.png").is_file(), "the logos were not found in share/strata/kernelspec"
    script = tmp_path / "count.strata"
    script.write_text('count(dataset("iris"))\n')
    ran = subprocess.run([str(installed), "run", str(script)], capture_output=True, text=True,
                         env=dict(os.environ, STRATA_STORE=str(tmp_path / "store")))
    assert ran.returncode == 0 and ran.stdout.strip() == "150", ran.stdout + ran.stderr


def test_the_serve_entrypoint_insists_on_a_token_and_binds_the_container_interface(tmp_path):
    stub = tmp_path / "strata"
    stub.write_text('#!/bin/sh\necho "$@"\n')
    stub.chmod(0o755)
    entrypoint = str(ROOT / "scripts/serve-entrypoint.sh")
    env = {k: v for k, v in os.environ.items() if k != "STRATA_SERVE_TOKEN"}
    env["STRATA"] = str(stub)
    refused = subprocess.run([entrypoint, "iris-mlp"], capture_output=True, text=True, env=env)
    assert refused.returncode == 2 and "STRATA_SERVE_TOKEN" in refused.stderr
    served = subprocess.run([entrypoint, "iris-mlp", "--log-sample", "0.5"], capture_output=True, text=True,
                            env=dict(env, STRATA_SERVE_TOKEN="t0ken"))
    assert served.returncode == 0, served.stderr
    assert served.stdout.split() == ["serve", "--host", "0.0.0.0", "--port", "8080", "iris-mlp", "--log-sample", "0.5"]
    with_option = subprocess.run([entrypoint, "--token", "x", "iris-mlp"], capture_output=True, text=True, env=env)
    assert with_option.returncode == 0
    assert "serve" in strata_subcommands()
