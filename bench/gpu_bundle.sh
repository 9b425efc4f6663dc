#!/usr/bin/env bash
# For a GPU machine without press's Debian libraries (the project's lent H200 has CUDA but none of
# them, and no network): copy the binaries bench/gpu_check.sh runs, and every shared library they
# load that is neither glibc's, the C++ runtime's nor CUDA's, into .gpu/ (about 30 MB; git
# ignores it). The build must have the CUDA backend (nvcc at configure time) for the GPU's arch.
#   bench/gpu_bundle.sh [BUILD]      then carry .gpu to the GPU machine and run bench/gpu_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
for t in simulate sample_params lsa_filter; do [ -x "$build/bin/$t" ] || { echo "gpu_bundle: error: $build/bin/$t: not built" >&2; exit 1; }; done
[ -x "$build/tests/test_gpu" ] || { echo "gpu_bundle: error: $build/tests/test_gpu: not built (no CUDA at configure time?)" >&2; exit 1; }
rm -rf .gpu && mkdir -p .gpu/bin .gpu/lib
cp "$build"/bin/{simulate,sample_params,lsa_filter} "$build/tests/test_gpu" .gpu/bin/
ldd .gpu/bin/* | awk '$3 ~ /^\// { print $3 }' | sort -u |
  grep -Ev '/(libc|libm|libdl|librt|libpthread|libresolv|libutil|libnss_[a-z]*|ld-linux[^/]*|libstdc\+\+|libgcc_s)\.so|/cuda|libcudart|libcufft' |
  while read -r lib; do cp -L "$lib" .gpu/lib/; done
echo "gpu_bundle: .gpu/ holds $(ls .gpu/bin | wc -l) binaries and $(ls .gpu/lib | wc -l) libraries, $(du -sh .gpu | cut -f1)"
