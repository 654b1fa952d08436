# HamiltonianSuite: the two commands of the README, and their parts.
#   make demo   installs what is missing, generates a small pendulum dataset and a preview image
#   make test   installs what is missing, runs the whole test suite (Swift tests, h5py interoperability, fault tests and
#               the fuzzer, benchmark smoke runs, job arrays on a private single-node Slurm: Tests/slurm/run.sh,
#               skipped with a message without root)
SWIFT ?= swift
DEMO_DIR ?= demo
DEMO_TRAJECTORIES ?= 256
RELEASE_BIN = .build/release

SMOKE_DIR ?= .build-smoke

.PHONY: demo test deps deps-python build-release bench-smoke clean-demo format

# Formats every Swift file in place with the repository's .swift-format (make test lints with the same settings).
format:
	$(SWIFT) format format --in-place --recursive --parallel Package.swift Sources Benchmarks Tests

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
	scripts/check-docs.sh
	scripts/check-imports.py
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Benchmarks Tests
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	Tests/interop/run.sh
	Tests/faults/run.sh
	$(MAKE) bench-smoke
	Tests/slurm/run.sh

# The benchmarks' smoke profiles prove their pipelines end to end (release build; no figure is asserted).
bench-smoke:
	$(SWIFT) build -c release --product hgnbench
	rm -rf $(SMOKE_DIR)
	$(RELEASE_BIN)/hgnbench integrators --quick --out $(SMOKE_DIR)/integrators
	$(RELEASE_BIN)/hgnbench table --profile smoke --out $(SMOKE_DIR)/table --work $(SMOKE_DIR)/work
	$(RELEASE_BIN)/hgnbench flows --profile smoke --out $(SMOKE_DIR)/flows --data $(SMOKE_DIR)/data
	@echo "bench-smoke: outputs in $(SMOKE_DIR)"

clean-demo:
	rm -rf $(DEMO_DIR)
