# Two entry points a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test golden bench bench-view bench-dask rapper chromium clean-store

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## Create .venv, install kg, build seeds/ into ./kg-store and run a stored query.
demo: $(BIN)/kg
	$(BIN)/kg build seeds/
	$(BIN)/kg query launches --param company=阿里 --format table

## Install the test extra (and rapper, Chromium) and run the whole test suite.
test: $(BIN)/kg rapper chromium
	$(BIN)/python -m pytest -q -rs

## Regenerate tests/data/seeds-golden.nq after a change to what kg build seeds/ writes (say why in the commit).
golden: $(BIN)/kg
	$(BIN)/python tests/golden.py --write

## Benchmarks (see benchmarks/README.md); writes benchmarks/RESULTS.md.
bench: $(BIN)/kg
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py

## kg view in headless Chromium up to 1,000 entities; writes benchmarks/VIEW.md and docs/view-ali.png.
bench-view: $(BIN)/kg chromium
	$(BIN)/python benchmarks/view.py --screenshot docs/view-ali.png

## kg build --engine dask beside --jobs 2 and raw jieba, and a 1 GB corpus; writes the Dask section of RESULTS.md.
bench-dask: $(BIN)/kg
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/dask_engine.py

# rapper (Debian raptor2-utils) checks that every export is plain RDF 1.1.
rapper:
	@command -v rapper >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq raptor2-utils >/dev/null; \
	  else sudo -n apt-get update -qq && sudo -n apt-get install -y -qq raptor2-utils >/dev/null; fi; } \
	  || echo "warning: could not install rapper (raptor2-utils); its tests skip here and fail under CI=true"

# Headless Chromium, its WebDriver and a CJK font (Debian chromium, chromium-driver,
# fonts-wqy-microhei) open the page of `kg view` in the browser tests and benchmarks.
chromium:
	@{ command -v chromium && command -v chromedriver && fc-list :lang=zh | grep -q .; } >/dev/null 2>&1 || { \
	  pkgs="chromium chromium-driver fonts-wqy-microhei"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$pkgs >/dev/null; \
	  else sudo -n apt-get update -qq && sudo -n apt-get install -y -qq $$pkgs >/dev/null; fi; } \
	  || echo "warning: could not install Chromium (chromium, chromium-driver); the browser tests skip here and fail under CI=true"
