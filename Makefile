# GIS governance portal. `make run` for a first look, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_NO_INPUT := 1
PYTEST_WORKERS ?= 2
SPECTRAL_RULESET := portal/api/api-design-rules.spectral.yml
OPENAPI := portal/api/openapi.json

.PHONY: run test lint bench openapi messages deps assets clean image image-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# uv installs the development environments (the same pins, a tenth of pip's time); the
# runtime-only environment of the runtime check and the image install with pip, as
# production does.
UV_VERSION := 0.13.9
UV := $(BIN)/uv
$(UV): | $(BIN)/python
	$(BIN)/pip install -q uv==$(UV_VERSION)
UV_INSTALL = $(UV) pip install -q --python

# Runtime dependencies only, for `make run`.
$(VENV)/.runtime: pyproject.toml constraints.txt | $(UV)
	$(UV_INSTALL) $(BIN)/python -c constraints.txt -e .
	touch $@

# Everything, for tests and development. No byte-compiling of every installed file up
# front (uv's default): Python compiles what it imports, once.
$(VENV)/.dev: pyproject.toml constraints.txt | $(UV)
	$(UV_INSTALL) $(BIN)/python -c constraints.txt -e '.[dev]'
	touch $@ $(VENV)/.runtime

$(VENV)/.bench: $(VENV)/.dev
	$(UV_INSTALL) $(BIN)/python -c constraints.txt -e '.[dev,bench]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.built: node_modules/.installed $(VENV)/.runtime scripts/build_assets.py
	$(BIN)/python scripts/build_assets.py
	touch $@

assets: static/vendor/.built

deps: $(VENV)/.dev static/vendor/.built
	./scripts/system_deps.sh

run: $(VENV)/.runtime static/vendor/.built
	$(BIN)/python manage.py migrate --noinput -v0
	@test -n "$$DEMO_PASSWORD" || test -s .demo-password || \
		$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(12))" > .demo-password
	@DEMO_PASSWORD="$${DEMO_PASSWORD:-$$(cat .demo-password)}" $(BIN)/python manage.py load_demo
	@echo "Password of every demo user: $${DEMO_PASSWORD:-$$(cat .demo-password)}"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	$(BIN)/djlint templates --lint
	DJANGO_SETTINGS_MODULE=portal.settings.local $(BIN)/python manage.py makemigrations --check --dry-run

openapi: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=portal.settings.local $(BIN)/python manage.py spectacular \
		--file $(OPENAPI) --format openapi-json --lang en --validate --fail-on-warn

messages: $(VENV)/.dev
	$(BIN)/python manage.py makemessages -l nl -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=.build --ignore=build --ignore=static
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=.build --ignore=build --ignore=node_modules

# The runtime dependencies alone, as production installs them (`pip install .`), in an
# environment of their own: scripts/runtime_check.py runs the site with it.
RUNTIME_VENV := .build/runtime-venv
$(RUNTIME_VENV)/.installed: pyproject.toml constraints.txt
	rm -rf $(RUNTIME_VENV) build
	$(PYTHON) -m venv $(RUNTIME_VENV)
	$(RUNTIME_VENV)/bin/pip install -q --no-compile -c constraints.txt .
	touch $@

# checkov (tests/test_deploy.py scans deploy/kubernetes with it) in an environment of its
# own: its pins would clash with the site's. Versions in deploy/checkov-constraints.txt.
CHECKOV_VENV := .build/checkov-venv
$(CHECKOV_VENV)/.installed: deploy/checkov-constraints.txt | $(UV)
	rm -rf $(CHECKOV_VENV)
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(UV_INSTALL) $(CHECKOV_VENV)/bin/python -c deploy/checkov-constraints.txt checkov
	touch $@

# Steps that need not wait for each other run side by side, and what the tests need first
# comes first: npm installs while uv does; as soon as the site's environment is there,
# the template database every test database is cloned from (tests/db_template.py, the
# longest step before the tests: about a minute of migrations on one core) is migrated
# while the front-end assets are copied and the code is linted, and still while pytest
# starts its workers and collects (each waits for it when it sets up its database).
# Below them in priority, on what is left over: checkov's environment (awaited by the
# test that runs checkov) and, once lint is done, the production static files for the
# tests that run the site as the image does (tests/static_build.py); last and lowest,
# the runtime-only environment (for the runtime check at the end).
test:
	@mkdir -p .build && date +%s > .build/test-started
	@./scripts/system_deps.sh
	@rm -f .build/runtime-venv.rc .build/checkov-venv.rc .build/node-modules.rc .build/staticfiles.rc
	@($(MAKE) --no-print-directory node_modules/.installed > .build/node-modules.log 2>&1; \
		echo $$? > .build/node-modules.rc) &
	@$(MAKE) --no-print-directory $(VENV)/.dev
	@(nice -n 5 $(MAKE) --no-print-directory $(CHECKOV_VENV)/.installed > .build/checkov-venv.log 2>&1; \
		echo $$? > .build/checkov-venv.rc; \
		nice -n 19 $(MAKE) --no-print-directory $(RUNTIME_VENV)/.installed > .build/runtime-venv.log 2>&1; \
		echo $$? > .build/runtime-venv.rc) &
	$(BIN)/python scripts/testenv.py -- sh -c '\
		t0=$$(cat .build/test-started); stamp() { echo "make test: $$1 at $$(( $$(date +%s) - t0 )) s"; }; \
		stamp "environment ready"; \
		$(BIN)/python -m tests.db_template > .build/template.log 2>&1 & \
		scripts/await_build.sh node-modules \
		&& $(MAKE) --no-print-directory static/vendor/.built \
		&& $(MAKE) --no-print-directory lint \
		&& npx --no-install spectral lint --fail-severity warn -r $(SPECTRAL_RULESET) $(OPENAPI) \
		&& stamp "assets and lint done" \
		&& { nice -n 5 $(BIN)/python -m tests.static_build .build/staticfiles \
			> .build/staticfiles.log 2>&1 & } \
		&& stamp "tests start" \
		&& TEST_AWAIT_BUILDS=1 TEST_STATIC_ROOT=.build/staticfiles $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal \
			--basetemp=.build/pytest --screenshot=only-on-failure --output=.build/test-results --durations=25 \
		&& stamp "tests done" \
		&& $(BIN)/pytest -m faults --basetemp=.build/pytest-faults tests/faults \
		&& stamp "faults done" \
		&& scripts/await_build.sh runtime-venv && $(RUNTIME_VENV)/bin/python scripts/runtime_check.py \
		&& stamp "runtime check done"'


# The container image (Containerfile), built with buildah on a Debian base made by
# debootstrap (scripts/image.sh), and its smoke test: migrate, web, worker and beat from
# the image against the test PostgreSQL and Redis (scripts/image_test.py).
image: static/vendor/.built
	./scripts/image.sh

image-test: image $(VENV)/.dev
	$(BIN)/python scripts/testenv.py -- $(BIN)/python scripts/image_test.py

bench: deps $(VENV)/.bench
	$(BIN)/python scripts/testenv.py -- $(BIN)/python -m benchmarks.run $(PARTS)

clean:
	rm -rf .build static/vendor staticfiles db.sqlite3
