# Two commands for a new user: `make demo` and `make test`. Both set up .venv first, once.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
# A plain `torch` pulls a multi-GB CUDA build; 2.13.0 resolves to a local CPU wheel on our machines. It is the one
# package outside the lock's hashes: a CPU wheel's hash differs between indexes (ours, PyTorch's, a mirror), so it
# is pinned by version here and installed without dependencies; everything it needs is in the lock.
TORCH_SPEC ?= torch==2.13.0
LOCK := requirements/lock.txt
STUDENT_LOCK := requirements/student.txt
STAMP := $(VENV)/.dlprep-installed
TORCH_STAMP := $(VENV)/.torch-spec
# uv pip compile: one universal lock (markers for every Python >= 3.11 and platform) with the hash of every file.
COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command 'make lock'

.PHONY: setup sandbox-tools cjk-fonts demo test test-latest lock lock-add lint typecheck bench mutation clean FORCE

setup: $(STAMP) sandbox-tools cjk-fonts

# `grade` runs submissions under bubblewrap, with a seccomp filter compiled by libseccomp; as root on
# Debian/Ubuntu we install them when missing.
sandbox-tools:
	@command -v bwrap >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing bubblewrap for the grader's sandbox"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap) >/dev/null; \
	  else \
	    echo "note: bubblewrap (bwrap) is not installed; grade will warn and use weaker isolation"; \
	  fi; }
	@ldconfig -p 2>/dev/null | grep -q 'libseccomp\.so\.2' || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing libseccomp2 for the grader's seccomp filter"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libseccomp2) >/dev/null; \
	  else \
	    echo "note: libseccomp is not installed; grade runs without its seccomp filter and says so"; \
	  fi; }

# Sheets set Simplified Chinese in Noto Serif/Sans CJK SC; as root on Debian/Ubuntu we install them when
# missing (otherwise `exam build` falls back to the pip font, whose default forms are Traditional).
cjk-fonts:
	@fc-list 2>/dev/null | grep -q "Noto Serif CJK SC" || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing fonts-noto-cjk for Simplified Chinese sheets"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk) >/dev/null; \
	  else \
	    echo "note: fonts-noto-cjk is not installed; Chinese falls back to the pip Noto Sans CJK font"; \
	  fi; }

# Rewritten only when TORCH_SPEC changes, so a new spec reinstalls and an unchanged one does nothing.
$(TORCH_STAMP): FORCE
	@mkdir -p $(VENV)
	@echo '$(TORCH_SPEC)' | cmp -s - $@ || echo '$(TORCH_SPEC)' > $@

# Exactly the locked set: torch by version, then every other package by hash, then dlprep itself without
# resolving anything (setuptools, its build backend, is in the lock as one of torch's requirements).
$(STAMP): pyproject.toml Makefile $(LOCK) $(TORCH_STAMP)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --no-deps $(TORCH_SPEC)
	$(PIP) install --no-deps --require-hashes -r $(LOCK)
	$(PIP) install --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check --disable-pip-version-check >/dev/null || $(BIN)/python -m pip check
	@touch $(STAMP)

# uv alone, at its locked version: the lock targets must work while the lock is behind pyproject.toml.
$(BIN)/uv:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install "$$(grep -m1 '^uv==' $(LOCK) | cut -d' ' -f1)"

# Refresh the lock to the newest versions pyproject.toml's ranges allow (see README, "Dependencies").
lock: $(BIN)/uv
	$(COMPILE) --upgrade pyproject.toml requirements/torch-cpu.in --extra dev --extra cluster \
	  --override requirements/overrides.txt --no-emit-package torch -o $(LOCK)
	$(COMPILE) --upgrade requirements/student.in -o $(STUDENT_LOCK)

# After editing pyproject.toml: add what it now needs, keeping every other pin as it is.
lock-add: $(BIN)/uv
	$(COMPILE) pyproject.toml requirements/torch-cpu.in --extra dev --extra cluster \
	  --override requirements/overrides.txt --no-emit-package torch -o $(LOCK)
	$(COMPILE) requirements/student.in -o $(STUDENT_LOCK)

# Not in CI: the suite against the newest versions within pyproject.toml's ranges, in a venv of its own, so an
# upcoming break shows before `make lock` takes it in.
test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --disable-pip-version-check --no-deps $(TORCH_SPEC)
	.venv-latest/bin/python -m pip install --quiet --disable-pip-version-check --upgrade --upgrade-strategy eager \
	  $$(sed -n '/^[a-z]/s/ .*//p' requirements/torch-cpu.in) -e '.[dev,cluster]'
	.venv-latest/bin/python -m pip list --disable-pip-version-check --format freeze > .venv-latest/versions.txt
	@echo "newest versions: .venv-latest/versions.txt"
	DLPREP_TEST_LATEST=1 .venv-latest/bin/python -m pytest -q -p no:cacheprovider

demo: setup  ## lint the bank, show questions, verify answers, build a sample exam, grade, and a short quiz
	$(BIN)/exam lint questions/
	$(BIN)/exam show cnn-conv-output-size --seed 7 --lang en
	$(BIN)/exam show activations-tanh-sigmoid-identity --lang both
	$(BIN)/exam show losses-kl-notes-example-nats --lang en
	$(BIN)/exam verify --seeds 3
	$(BIN)/exam build --variants 2 --seed 2026 --out build/sample-exam
	$(BIN)/exam build --scannable --variants 2 --seed 2026 --count 12 --out build/scannable-exam
	$(BIN)/python -m dlprep.scan.simulate build/scannable-exam build/scans 4
	$(BIN)/exam scan build/scans --build build/scannable-exam --out build/scan-results || [ $$? -eq 1 ]
	$(BIN)/exam analyze build/scan-results
	$(BIN)/exam export --format moodle --select cnn --out build/cnn-moodle.xml
	$(BIN)/grade list
	$(BIN)/grade exercise_bp solutions/exercise_bp/solution.py
	$(BIN)/grade exercise_bp tests/corpus/exercise_bp/buggy/missing-output-sigma-prime.py || [ $$? -eq 1 ]
	$(BIN)/grade exercise_bp tests/corpus/exercise_bp/correct/colab-no-outputs.ipynb  # a Colab notebook: magics skipped, noted
	@if [ -t 0 ] && [ -t 1 ]; then \
	  echo "a short quiz (3 cards; progress goes to $(VENV)/demo-quiz.sqlite3, q quits):"; \
	  $(BIN)/quiz --new 3 --limit 3 --db $(VENV)/demo-quiz.sqlite3; \
	else \
	  echo "not a terminal: two piped cards instead, a single choice answered a, a true/false answered t"; \
	  printf 'a\n' | $(BIN)/quiz --type single --new 1 --limit 1 --lang en --db $(VENV)/demo-quiz.sqlite3; \
	  printf 't\n' | $(BIN)/quiz --type truefalse --new 1 --limit 1 --lang en --db $(VENV)/demo-quiz.sqlite3; \
	fi
	$(BIN)/quiz list --db $(VENV)/demo-quiz.sqlite3

lint: setup
	$(BIN)/ruff check dlprep grader tests bench exercises solutions
	$(BIN)/ruff format --check dlprep grader tests bench exercises solutions

typecheck: setup
	$(BIN)/mypy

test: setup lint typecheck
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/bench_lint.py
	$(BIN)/python bench/bench_grade.py
	$(BIN)/python bench/bench_quiz.py
	$(BIN)/python bench/bench_cluster.py
	$(BIN)/python bench/bench_exam.py
	$(BIN)/python bench/bench_scan.py

mutation: setup  ## grade every mutant of every model solution (minutes); writes docs/mutation-report.md
	$(BIN)/python bench/mutation.py

clean:
	rm -rf $(VENV) .venv-latest build *.egg-info .pytest_cache .mypy_cache .ruff_cache
