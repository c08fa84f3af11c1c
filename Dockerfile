# Strata in containers: one build, two images.
#   docker build --target lab -t strata-lab:0.1.0 .       JupyterLab with the Strata kernel, port 8888
#   docker build --target serve -t strata-serve:0.1.0 .   `strata serve` for runs of a store mounted at run time
# Every build step is a script or make target that CI runs too (scripts/ensure-deps.sh,
# `make release`), or one that Tests/Python/test_dockerfile.py runs and checks
# (scripts/install-prefix.sh, scripts/image-deps.sh): no container engine runs in CI.

# Build: the toolchain, the -dev packages, and the optimised binaries (Swift runtime linked
# statically, so the run-time images need no toolchain).
FROM swift:6.3-bookworm AS build
WORKDIR /src
# The Python environment is the tests'; nothing is tested in the image.
ENV STRATA_SKIP_VENV=1
COPY . .
RUN scripts/ensure-deps.sh
RUN make release
RUN scripts/install-prefix.sh /opt/strata

# Run time: the shared libraries the binary loads, and the installed strata, on the same
# Debian release the build stage is (bookworm).
FROM debian:bookworm-slim AS runtime
WORKDIR /setup
COPY scripts/image-deps.sh scripts/
RUN scripts/image-deps.sh runtime
COPY --from=build /opt/strata /opt/strata
ENV PATH=/opt/strata/bin:$PATH
RUN useradd --create-home --uid 1000 --shell /bin/bash strata

# JupyterLab with the Strata kernel. The token is required: JUPYTER_TOKEN, or a random
# one printed at start. Inside the container the server listens on every interface: the
# container is the network boundary (publish the port on loopback: -p 127.0.0.1:8888:8888).
FROM runtime AS lab
COPY Tests/Python/requirements.txt Tests/Python/
RUN scripts/image-deps.sh lab /opt/strata/venv
# The kernelspec into the environment's own prefix, where its jupyter looks.
RUN strata install --prefix /opt/strata/venv
# The jupyter that `make lab` and `make report` of a `strata init` project use.
ENV PATH=/opt/strata/venv/bin:$PATH JUPYTER=/opt/strata/venv/bin/jupyter
USER strata
WORKDIR /home/strata/work
EXPOSE 8888
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--port=8888", "--no-browser", "--ServerApp.root_dir=/home/strata/work"]

# The inference server for runs of a store given at run time (a folder mounted at
# /store, or a team store's postgres:// URL in STRATA_STORE), e.g.
#   docker run -p 127.0.0.1:8080:8080 -v "$PWD/.strata:/store" -e STRATA_SERVE_TOKEN=... strata-serve iris-mlp
# It binds 0.0.0.0 inside the container only (the container is the network boundary)
# and refuses to start without a token, given in STRATA_SERVE_TOKEN (kept out of the
# process list) or --token.
FROM runtime AS serve
COPY scripts/serve-entrypoint.sh /opt/strata/bin/
USER strata
WORKDIR /home/strata
ENV STRATA_STORE=/store
EXPOSE 8080
ENTRYPOINT ["/opt/strata/bin/serve-entrypoint.sh"]
