# The README's two commands: `make demo` and `make test`.
# Everything is installed from the lock files (uv.lock, package-lock.json).

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)

.PHONY: demo test setup test-tools lint

demo: setup
	.venv/bin/newsline demo

test: setup test-tools
	.venv/bin/ruff check .
	.venv/bin/pytest

setup:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --quiet

# Offline validators and the browser: the Nu HTML checker from npm (its install
# script would download a Java runtime, so scripts are off; the machine's Java runs it)
# Debian's Chromium, which Playwright drives, and jing for the Atom RELAX NG schema.
test-tools:
	@[ -f node_modules/vnu-jar/build/dist/vnu.jar ] || npm ci --ignore-scripts --no-audit --no-fund
	@command -v java >/dev/null || (apt-get update -qq && apt-get install -y -qq default-jre-headless)
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	@command -v jing >/dev/null || (apt-get update -qq && apt-get install -y -qq jing)
	@[ -x /usr/sbin/varnishd ] || (apt-get update -qq && apt-get install -y -qq varnish)

lint:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .
