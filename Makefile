# Persona Studio: `make run` starts the app, `make test` runs the tests.
# Both set everything up on first use: system packages (apt, when root or sudo allows),
# ./.venv with the pinned versions of requirements.lock, the app and every plugin.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLUGIN_DIRS := $(patsubst %/pyproject.toml,%,$(wildcard plugins/*/pyproject.toml))
SYSTEM_PACKAGES := libportaudio2 libsndfile1 libxcb-icccm4 libxcb-keysyms1 espeak-ng sox zstd
PACKAGE_SYSTEM_PACKAGES := zstd xvfb xauth
STAMP := $(VENV)/.installed

.PHONY: run test bench selftest setup system-deps lock lint clean demo-models package package-ci package-deps

run: setup
	$(BIN)/persona-studio

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m benchmarks

selftest: setup
	$(BIN)/persona-studio selftest

# The installable desktop app: PyInstaller bundle, frozen self-test, .tar.zst and .deb (Linux),
# DMG (macOS) or installer (Windows) in dist/release. VARIANT=cpu for the CPU-only build.
VARIANT ?=
package: setup package-deps
	$(BIN)/python packaging/build.py $(if $(VARIANT),--variant $(VARIANT))

# What CI runs: the same build and checks, then (as root) the .deb installed, tried headless
# and under Xvfb, and removed; each artifact deleted once measured.
package-ci: setup package-deps
	$(BIN)/python packaging/build.py --ci --install-check

# zstd for the archives; Xvfb to try the installed app in a real (virtual) window.
package-deps:
	@$(MAKE) --no-print-directory system-deps SYSTEM_PACKAGES="$(PACKAGE_SYSTEM_PACKAGES)"

# Re-trains the bundled demo models from scratch on synthetic data: hours on 2 cores (xfavot alone
# about 3 h; each entry's TRAINING.json records its own wall time).
demo-models: setup
	$(BIN)/python plugins/wen2019/scripts/make_demo_model.py
	$(BIN)/python plugins/sf2f/scripts/make_demo_model.py
	$(BIN)/python plugins/sound2vision/scripts/make_demo_model.py
	$(BIN)/python plugins/xfavot/scripts/make_demo_model.py
	$(BIN)/python plugins/avpgan/scripts/make_demo_model.py

# Renders the README's screenshots of the main window (empty, and after a generation).
.PHONY: screenshots
screenshots: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m studio.ui.screenshots docs/screenshots

# Style (ruff) and the import layers (rules in tools/layers/rules.py, docs/architecture.md).
lint: setup
	$(BIN)/ruff check studio plugins tests benchmarks packaging tools
	$(BIN)/python -m tools.layers

setup: system-deps $(STAMP)

# Installs only what is missing; without root or sudo it says what to install and goes on
# (the app and the tests still run: audio devices are optional, libsndfile ships in soundfile).
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -z "$$missing" ] || ! command -v apt-get >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else echo "note: please install these system packages: $$missing"; exit 0; fi; \
	echo "installing system packages: $$missing"; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null \
	  || echo "warning: could not install $$missing; recording and playback may be unavailable"

$(STAMP): requirements.lock pyproject.toml $(addsuffix /pyproject.toml,$(PLUGIN_DIRS))
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation \
	  -e . $(addprefix -e ,$(PLUGIN_DIRS))
	touch $@

# Re-pins requirements.lock from what the venv has now (after a deliberate upgrade).
lock:
	(echo "# Pinned versions for ./.venv (pip install -r requirements.lock). Regenerate with 'make lock'."; \
	 echo "# torch, torchvision and torchaudio are one matching trio: change them together."; \
	 $(BIN)/python -m pip freeze --all | grep -v -e "^-e" -e "^pip==" -e "^persona" | sort -f) > requirements.lock

clean:
	rm -rf $(VENV) build dist .pytest_cache
