# briefing: `make build` sets everything up and builds the bundled example; `make test` tests it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test check lint serve clean bench eval golden

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/briefing build

test: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/pytest -q

check: $(STAMP)
	bash scripts/install-check-tools.sh
	$(BIN)/pytest -q -m check

# Rewrite the golden snapshot of the example site (tests/golden/seeds/) after an intended change.
golden: $(STAMP)
	$(BIN)/python -m tests.golden_site

serve: $(STAMP)
	$(BIN)/briefing serve

bench: $(STAMP)
	$(BIN)/python bench/run.py

EVAL_CORPORA := gva-dev allsides-dev
eval: $(STAMP)
	@golds=""; for c in $(EVAL_CORPORA); do f=../shared/eval/$$c.jsonl; \
	  if [ -f $$f ]; then golds="$$golds --gold $$f"; else echo "eval: skipping $$c ($$f not found)"; fi; done; \
	if [ -n "$$golds" ]; then $(BIN)/briefing eval $$golds; else echo "eval: no labelled corpus in ../shared/eval"; fi

clean:
	rm -rf site .site.spare .cache test-output .pytest_cache .ruff_cache
