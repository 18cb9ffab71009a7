# Two commands for a new user: `make demo` and `make test`. Both set up .venv first, once.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# A plain `torch` pulls a multi-GB CUDA build; 2.13.0 resolves to a local CPU wheel on our machines.
TORCH_SPEC ?= torch==2.13.0
STAMP := $(VENV)/.dlprep-installed
TORCH_STAMP := $(VENV)/.torch-spec

.PHONY: setup sandbox-tools demo test lint typecheck bench clean FORCE

setup: $(STAMP) sandbox-tools

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

# Rewritten only when TORCH_SPEC changes, so a new spec reinstalls and an unchanged one does nothing.
$(TORCH_STAMP): FORCE
	@mkdir -p $(VENV)
	@echo '$(TORCH_SPEC)' | cmp -s - $@ || echo '$(TORCH_SPEC)' > $@

$(STAMP): pyproject.toml Makefile $(TORCH_STAMP)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(TORCH_SPEC)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,cluster]'
	@touch $(STAMP)

demo: setup  ## lint the bank, show questions, verify answers, build a sample exam, grade, and a short quiz
	$(BIN)/exam lint questions/
	$(BIN)/exam show cnn-conv-output-size --seed 7 --lang en
	$(BIN)/exam show activations-tanh-sigmoid-identity --lang both
	$(BIN)/exam show losses-kl-notes-example-nats --lang en
	$(BIN)/exam verify --seeds 3
	$(BIN)/exam build --variants 2 --seed 2026 --out build/sample-exam
	$(BIN)/exam export --format moodle --select cnn --out build/cnn-moodle.xml
	$(BIN)/grade list
	$(BIN)/grade exercise_bp solutions/exercise_bp/solution.py
	$(BIN)/grade exercise_bp tests/corpus/exercise_bp/buggy/missing-output-sigma-prime.py || [ $$? -eq 1 ]
	$(BIN)/quiz list --db $(VENV)/demo-quiz.sqlite3
	@if [ -t 0 ] && [ -t 1 ]; then \
	  echo "a short quiz (3 cards; progress goes to $(VENV)/demo-quiz.sqlite3, q quits):"; \
	  $(BIN)/quiz --new 3 --limit 3 --db $(VENV)/demo-quiz.sqlite3; \
	else \
	  echo "not a terminal: a piped quiz of two cards instead (answers a, then t)"; \
	  printf 'a\nt\n' | $(BIN)/quiz --new 2 --limit 2 --lang en --db $(VENV)/demo-quiz.sqlite3; \
	fi

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

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
