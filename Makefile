# press: `make reproduce` runs the workflow on config/quick.yaml; `make test` runs every test.
# Both first install missing Debian packages (envs/debian-packages.txt) and build into build/.
# This file only installs, configures and builds, then hands over to CTest or Snakemake.
BUILD  ?= build
CONFIG ?= config/quick.yaml
CORES  ?= all
JOBS   ?= $(shell nproc)
# The python3 with Debian's matplotlib and h5py, for the figures (rules/common.smk).
export PRESS_PYTHON ?= /usr/bin/python3

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

bench: build
	/usr/bin/python3 bench/bench_simulate.py
	/usr/bin/python3 bench/bench_train.py
	/usr/bin/python3 bench/bench_fit.py

# libFuzzer on the config loader and the CSV reader, 60 s each (tests/CMakeLists.txt).
fuzz: build
	for t in config csv; do rm -rf $(BUILD)/fuzz_corpus_$$t && cp -r tests/fuzz/corpus/$$t $(BUILD)/fuzz_corpus_$$t && \
	  ASAN_OPTIONS=detect_leaks=0 $(BUILD)/tests/fuzz_$$t -max_total_time=60 -timeout=5 -rss_limit_mb=8192 \
	  -artifact_prefix=$(BUILD)/ $(BUILD)/fuzz_corpus_$$t || exit 1; done

clean:
	rm -rf $(BUILD)
