# HamiltonianSuite: the two commands of the README, and their parts.
#   make demo   installs what is missing, generates a small pendulum dataset and a preview image
#   make test   installs what is missing, runs the whole test suite (Swift tests + Python h5py interoperability)
SWIFT ?= swift
DEMO_DIR ?= demo
DEMO_TRAJECTORIES ?= 256
RELEASE_BIN = .build/release

.PHONY: demo test deps deps-python build-release interop clean-demo

deps:
	@scripts/install-deps.sh

deps-python:
	@scripts/install-deps.sh --python

build-release: deps
	$(SWIFT) build -c release --product physgen

demo: build-release
	$(RELEASE_BIN)/physgen generate --preset pendulum --trajectories $(DEMO_TRAJECTORIES) --out $(DEMO_DIR)/pendulum
	$(RELEASE_BIN)/physgen inspect $(DEMO_DIR)/pendulum
	$(RELEASE_BIN)/physgen preview $(DEMO_DIR)/pendulum --out $(DEMO_DIR)/pendulum-preview.png
	@echo "demo: dataset in $(DEMO_DIR)/pendulum, preview image $(DEMO_DIR)/pendulum-preview.png"

test: deps-python
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	Tests/interop/run.sh

clean-demo:
	rm -rf $(DEMO_DIR)
