/// The project's build and automation files: the Makefile every other file points at,
/// the Python requirements for Jupyter, the CI workflow and the container.
extension ProjectTemplate {
    /// The Makefile: `lab`, `report`, `lint` and `data`, each installing what it needs.
    /// Recipe lines start with a tab (`\t`), as make requires.
    var makefile: String {
        """
        # \(name): `make lab` opens the notebooks in JupyterLab, `make report` executes them into
        # reports/, `make lint` checks them, `make data` versions data/raw after a change.
        # Each target installs what it needs first.

        # The strata command (from PATH, or a path to it).
        STRATA   ?= strata
        PYTHON   ?= python3
        # Jupyter: a virtual environment made from requirements.txt on first use, unless
        # JUPYTER names a jupyter that is already installed (the Strata image sets it).
        VENV     ?= .venv
        JUPYTER  ?= $(VENV)/bin/jupyter
        REPORTS  ?= reports
        TIMEOUT  ?= 1200
        LAB_ARGS ?=
        NOTEBOOKS = $(wildcard notebooks/*.ipynb)

        # One store for the project (runs, data versions), whichever folder Jupyter starts a
        # kernel in; a STRATA_STORE set outside (a team store) wins.
        export STRATA_STORE ?= $(CURDIR)/.strata
        # The Strata kernelspec is installed inside the project (.jupyter/, which git ignores)
        # and found through JUPYTER_PATH: nothing outside the project changes.
        export JUPYTER_PATH := $(CURDIR)/.jupyter/share/jupyter$(if $(JUPYTER_PATH),:$(JUPYTER_PATH))
        # JupyterLab refuses to run as root (as in most containers) unless told.
        ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

        .PHONY: lab report lint data kernel jupyter clean

        ## lab: JupyterLab on the project (LAB_ARGS="--no-browser --port 8899" passes options)
        lab: kernel
        \t$(JUPYTER) lab $(ALLOW_ROOT) $(LAB_ARGS)

        ## report: execute every notebook headlessly into reports/ (the executed .ipynb and its HTML)
        report: kernel
        \tmkdir -p $(REPORTS)
        \t$(JUPYTER) nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=strata \\
        \t    --ExecutePreprocessor.timeout=$(TIMEOUT) --output-dir $(REPORTS) $(NOTEBOOKS)
        \t$(JUPYTER) nbconvert --to html --output-dir $(REPORTS) $(addprefix $(REPORTS)/,$(notdir $(NOTEBOOKS)))

        ## lint: strata lint and strata fmt --check on the notebooks (status 1 on a finding)
        lint:
        \t$(STRATA) lint notebooks
        \t$(STRATA) fmt --check notebooks

        ## data: version data/raw in the project's store (after adding or changing raw files)
        data:
        \t$(STRATA) add data/raw

        ## kernel: the Strata kernelspec, for the strata this Makefile runs, in .jupyter/
        kernel: jupyter
        \t$(STRATA) install --prefix .jupyter

        jupyter:
        \t@command -v $(JUPYTER) >/dev/null || { echo "making $(VENV) for Jupyter (requirements.txt)"; \\
        \t    $(PYTHON) -m venv $(VENV) && $(VENV)/bin/pip install -q -r requirements.txt; }

        clean:
        \trm -rf $(REPORTS) .jupyter

        """
    }

    /// What `make` installs into `.venv` for Jupyter (the kernel itself is the strata binary).
    var requirements: String {
        """
        # Jupyter for `make lab` and `make report` (the Strata kernel is the strata command itself).
        jupyterlab>=4
        nbconvert>=7
        nbclient>=0.10
        ipywidgets>=8

        """
    }

    var gitignore: String {
        """
        # The store: runs, weights and the objects of versioned data (share them with
        # `strata store push`, not git).
        .strata/
        # Jupyter's autosaves, the project's kernelspec and Python environment, executed reports.
        .ipynb_checkpoints/
        .jupyter/
        .venv/
        reports/
        # Derived data is made again from data/raw by the notebooks.
        data/processed/*
        !data/processed/.gitkeep

        """
    }

    /// The project's image: the Strata lab image with this project in it.
    var dockerfile: String {
        """
        # \(name) in a container: JupyterLab with the Strata kernel on these notebooks.
        #   docker build -t \(name.lowercased()) .
        #   docker run --rm -p 8888:8888 \(name.lowercased())      # open the URL with the token it prints
        # STRATA_IMAGE is the Strata lab image, built from Strata's own Dockerfile with
        #   docker build --target lab -t strata-lab:\(strataVersion) .
        # (or pulled from your registry: --build-arg STRATA_IMAGE=registry.example/strata-lab:\(strataVersion)).
        ARG STRATA_IMAGE=strata-lab:\(strataVersion)
        FROM ${STRATA_IMAGE}

        WORKDIR /home/strata/\(name)
        COPY --chown=strata:strata . .
        EXPOSE 8888
        # Inside the container the lab listens on every interface: the container is the network
        # boundary, and the token (JUPYTER_TOKEN, or a random one printed at start) is required.
        CMD ["make", "lab", "LAB_ARGS=--ip=0.0.0.0 --port=8888 --no-browser"]

        """
    }

    var dockerignore: String {
        """
        .git
        .strata
        .jupyter
        .venv
        reports
        **/.ipynb_checkpoints

        """
    }

    /// The CI workflow: lint, then execute every notebook headlessly, in the Strata image.
    var workflow: String {
        """
        # Lints the notebooks, then executes them headlessly and keeps the executed notebooks
        # as an artifact. Both jobs run in the Strata lab image (strata, its kernelspec,
        # JupyterLab and nbconvert); the repository variable STRATA_IMAGE names it in your
        # registry (Settings > Secrets and variables > Actions > Variables). README.md says
        # how to build and push it.
        name: ci

        on:
          push:
          pull_request:

        jobs:
          lint:
            runs-on: ubuntu-latest
            container:
              image: ${{ vars.STRATA_IMAGE }}
              # The checkout is written by the runner's user; root in the container may write there.
              options: --user root
            steps:
              - uses: actions/checkout@v4
              - name: strata is the one the image carries
                run: strata --version
              - name: strata lint and strata fmt --check on the notebooks
                run: make lint

          report:
            needs: lint
            runs-on: ubuntu-latest
            container:
              image: ${{ vars.STRATA_IMAGE }}
              options: --user root
            steps:
              - uses: actions/checkout@v4
              - name: execute every notebook headlessly into reports/
                run: make report
              - uses: actions/upload-artifact@v4
                if: always()
                with:
                  name: reports
                  path: reports/

        """
    }
}
