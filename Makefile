# Two commands matter: `make run` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint typecheck contracts check check-deploy clean

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip install --python $(BIN)/python --quiet -r requirements.lock
	$(BIN)/uv pip install --python $(BIN)/python --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)  ## Create .venv and install the locked dependencies

run: $(STAMP)  ## Start the whole backend in one process on SQLite (http://localhost:8000/docs)
	$(BIN)/ecoeco serve

test: $(STAMP)  ## Run the whole test suite
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

contracts: $(STAMP)
	$(BIN)/lint-imports

check: lint typecheck contracts  ## Lint, types and import contracts

check-deploy:  ## Validate deployment assets offline
	bash scripts/check-deploy.sh

clean:
	rm -rf $(VENV) .ecoeco .pytest_cache .mypy_cache .ruff_cache
