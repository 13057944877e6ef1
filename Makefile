# Two commands matter: `make run` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test prepare-tests install lint typecheck contracts check check-deploy client check-client clean

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip install --python $(BIN)/python --quiet --compile-bytecode -r requirements.lock
	$(BIN)/uv pip install --python $(BIN)/python --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)  ## Create .venv and install the locked dependencies

run: $(STAMP)  ## Start the whole backend in one process on SQLite (http://localhost:8000/docs)
	$(BIN)/ecoeco serve

test: prepare-tests $(STAMP)  ## Run the whole test suite (servers started, packages installed first)
	$(BIN)/pytest

prepare-tests:  ## Start installed servers; install PostGIS, nginx, chromium if root (else print how)
	$(PYTHON) scripts/prepare_test_env.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

contracts: $(STAMP)
	$(BIN)/lint-imports

check: lint typecheck contracts  ## Lint, types and import contracts

client: $(STAMP)  ## Regenerate clients/openapi.json and the Python client from the embedded app
	ECOECO_DATA_DIR="$$(mktemp -d)" $(BIN)/ecoeco openapi > clients/openapi.json
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/openapi-python-client generate --path clients/openapi.json \
	  --config clients/openapi-python-client.yaml --meta none \
	  --output-path clients/python/ecoeco_client --overwrite

check-client: client  ## Fail when the committed client no longer matches the server's OpenAPI
	@test -z "$$(git status --porcelain -- clients)" || { git status --short -- clients; \
	  echo "clients/ does not match the OpenAPI document: run 'make client' and commit" >&2; exit 1; }

check-deploy:  ## Validate deployment assets offline
	bash scripts/check-deploy.sh

clean:
	rm -rf $(VENV) .ecoeco .pytest_cache .mypy_cache .ruff_cache
