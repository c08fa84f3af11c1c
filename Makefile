# Strata: the two set-up commands are `make lab` and `make test`; both install what
# is missing first.
SWIFT   ?= swift
VENV    ?= .venv
PY      := $(VENV)/bin/python
JUPYTER := $(VENV)/bin/jupyter
RELEASE := .build/release/strata
DEBUG   := .build/debug/strata
NB      ?= notebooks/quickstart.ipynb
REPORTS ?= reports

.PHONY: lab test lint deps build release kernelspec report swift-test kernel-test fuzz bench-latency clean team team-stop

## lab: install what is missing, build, install the kernelspec, open JupyterLab on notebooks/
## (as root too; LAB_ARGS="--no-browser --port 8899" passes options to jupyter lab)
lab: kernelspec
	VENV=$(VENV) scripts/lab.sh $(LAB_ARGS)

## test: every test: the linters (scripts/lint.sh), Swift unit and golden tests, then the kernel as a real process
test: deps
	$(SWIFT) build --build-tests
	STRATA=$(DEBUG) scripts/lint.sh
	$(SWIFT) test --skip-build
	STRATA_BIN=$(DEBUG) $(PY) -m pytest -q Tests/Python

## lint: shellcheck, swift format lint, strata lint and fmt --check on notebooks/ (what `make test` runs first)
lint: deps
	STRATA=$(DEBUG) scripts/lint.sh

deps:
	@scripts/ensure-deps.sh

## team: start team mode's services on loopback (an S3 server); then `source .team/env`
team: deps
	scripts/team-services.sh start .team

## team-stop: stop them
team-stop:
	scripts/team-services.sh stop .team

build: deps
	$(SWIFT) build

# The Swift runtime linked statically: the kernel then binds its sockets within a few
# milliseconds of launch, before a client's first connection attempt, instead of after
# ZeroMQ's 100 ms reconnect interval (benchmarks/kernel_latency.py).
# Products by name: a plain `swift build` may also link GRDB's dynamic library product,
# which cannot take a statically linked Swift runtime.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product strata
	$(SWIFT) build -c release --static-swift-stdlib --product strata-kernel

## kernelspec: the release kernel, installed into the Python environment's prefix
kernelspec: release
	$(RELEASE) install --prefix $(VENV)

## report: execute a notebook headless and write it with its HTML to reports/ (NB=path)
report: kernelspec
	mkdir -p $(REPORTS)
	$(JUPYTER) nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=strata \
	    --ExecutePreprocessor.timeout=1200 --output-dir $(REPORTS) $(NB)
	$(JUPYTER) nbconvert --to html --output-dir $(REPORTS) $(REPORTS)/$(notdir $(NB))
	@echo "report: $(REPORTS)/$(basename $(notdir $(NB))).html"

## fuzz: a million random and mutated programs through the lexer and parser
fuzz: deps
	$(SWIFT) build -c release --product strata-fuzz
	.build/release/strata-fuzz --count 1000000

## bench-latency: start-up and round-trip latency against ipykernel
bench-latency: kernelspec
	$(PY) benchmarks/kernel_latency.py --strata $(RELEASE)

clean:
	rm -rf .build $(REPORTS)
