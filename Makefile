# press: `make reproduce` runs the workflow on config/quick.yaml; `make test` runs every test.
# Both first install missing Debian packages (envs/debian-packages.txt) and build into build/.
# This file only installs, configures and builds, then hands over to CTest or Snakemake.
BUILD  ?= build
CONFIG ?= config/quick.yaml
CORES  ?= all
JOBS   ?= $(shell nproc)

.PHONY: all deps build test reproduce bench fuzz clean
all: build

deps:
	@envs/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

reproduce: build
	snakemake --cores $(CORES) --configfile $(CONFIG)

# The cuFFT solver is timed too where an NVIDIA GPU answers (nvidia-smi); GPU_BENCH= turns it off.
GPU_BENCH ?= $(shell nvidia-smi -L >/dev/null 2>&1 && echo --gpu)
bench: build
	/usr/bin/python3 bench/bench_simulate.py $(GPU_BENCH)
	/usr/bin/python3 bench/bench_train.py
	/usr/bin/python3 bench/bench_fit.py
	/usr/bin/python3 bench/bench_nca.py

# libFuzzer on the config loader, the CSV reader and the user-file readers, FUZZ_SECONDS each (make test runs 60 s).
FUZZ_SECONDS ?= 600
fuzz: build
	for t in config csv npy png tiff csvmatrix; do tests/fuzz/run.sh $(BUILD)/tests/fuzz_$$t tests/fuzz/corpus/$$t tests/fuzz/found/$$t \
	  $(FUZZ_SECONDS) || exit 1; done

clean:
	rm -rf $(BUILD)
