/// The project's README (how to run everything) and the raw-data folder's note.
extension ProjectTemplate {
    var readme: String {
        """
        # \(name)

        A Strata project: notebooks that train and evaluate models, raw data versioned in the
        project's store, a Makefile that runs them, CI and a container.

        ## Running it

        With `strata` on the `PATH` (Strata \(strataVersion) or later) and Python 3:

        ```sh
        make lab       # JupyterLab on the project, with the Strata kernel
        make report    # execute every notebook headlessly: reports/*.ipynb and reports/*.html
        make lint      # strata lint and strata fmt --check on notebooks/ (status 1 on a finding)
        make data      # version data/raw in the store after adding or changing raw files
        ```

        The first `make lab` or `make report` makes a Python environment in `.venv` with
        JupyterLab and nbconvert (`requirements.txt`); set `JUPYTER=/path/to/jupyter` to use
        one already installed. The Strata kernelspec is installed inside the project
        (`.jupyter/`), for the `strata` the Makefile runs (`STRATA=/path/to/strata` picks
        another). `make lab LAB_ARGS="--no-browser --port 8899"` passes options to JupyterLab.

        Runs and data versions go to the project's store, `.strata/` (git ignores it; a team
        shares runs and data with `strata store push`). From the project's root:

        ```sh
        strata runs                 # every run, newest first
        strata show first-model     # the starter notebook's run, with the data it read
        strata status data/raw      # what changed in the raw data since it was last versioned
        ```

        ## Layout

        ```
        notebooks/             the notebooks; Jupyter runs each in this folder, so data is ../data/...
          first-model.ipynb    track the raw data, split, scale, fit and evaluate, all seeded
        data/raw/              raw data, as it arrived: versioned by `make data` (`strata add data/raw`)
        data/processed/        what the notebooks derive from data/raw (not in git; made again)
        reports/               executed notebooks from `make report` (not in git)
        Makefile               lab, report, lint, data
        .github/workflows/     CI: lint, then execute every notebook
        Dockerfile             the project in the Strata lab image
        ```

        `strata init` versioned `data/raw` once already. The raw files are small and live in
        git too; when they outgrow it, add `data/raw/` to `.gitignore` and move versions
        between machines with a team store (`strata store push --data ID --to STORE`, then
        `strata checkout ID data/raw` on the other side).

        ## CI

        `.github/workflows/ci.yml` runs `make lint`, then `make report` (keeping `reports/` as
        an artifact), in the Strata lab image, which carries `strata`, its kernelspec,
        JupyterLab and nbconvert. Build that image from Strata's repository and push it to
        your registry, then name it in the repository variable `STRATA_IMAGE` (Settings >
        Secrets and variables > Actions > Variables):

        ```sh
        docker build --target lab -t registry.example/strata-lab:\(strataVersion) .   # in Strata's repository
        docker push registry.example/strata-lab:\(strataVersion)
        ```

        ## Container

        The `Dockerfile` starts from that image and adds the project; the lab asks for a
        token (`JUPYTER_TOKEN`, or the random one it prints):

        ```sh
        docker build --build-arg STRATA_IMAGE=registry.example/strata-lab:\(strataVersion) -t \(name.lowercased()) .
        docker run --rm -p 8888:8888 -e JUPYTER_TOKEN=choose-one \(name.lowercased())
        ```

        """
    }

    var rawDataReadme: String {
        """
        # Raw data

        Files as they arrived, never edited by hand: the notebooks read them and write what
        they derive to `data/processed`. After adding or changing a file, `make data`
        (`strata add data/raw`) records a new version in the project's store; every run
        names the version and the SHA-256 of each file it read.

        `\(Self.starterDataFile)` is the Iris data (R. A. Fisher), from the UCI Machine Learning
        Repository, licensed CC BY 4.0, in the copy scikit-learn ships. Keep this attribution
        with it.

        """
    }
}
