#!/usr/bin/env bash
# The one-command check of the cuFFT backend on a GPU machine (issue 26), in under 5 minutes on an
# H200: the GPU tests, CPU against GPU on 16 samples at 128² and on 4 samples' trajectory frames,
# 512 samples x 1000 steps timed on both backends, and the paper's protocol (early stop) timed on
# both. Prints one summary at the end.
#
#   bench/gpu_check.sh [BIN]
#
# BIN: the press binaries (default build/bin, or .gpu/bin where bench/gpu_bundle.sh made one: a
# GPU machine without press's Debian libraries runs the binaries and libraries it carries). It
# must hold simulate, sample_params, lsa_filter and ../tests/test_gpu, or BIN/test_gpu.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
BIN=${1:-}
if [ -z "$BIN" ]; then
  if [ -x .gpu/bin/simulate ]; then BIN=.gpu/bin; else BIN=build/bin; fi
fi
[ -d .gpu/lib ] && export LD_LIBRARY_PATH="$here/.gpu/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# CUDA's runtime and cuFFT come from the machine: its toolkit, or the pip wheels a PyTorch image has.
for d in /usr/local/cuda/lib64 /usr/local/cuda/lib /usr/local/cuda/targets/x86_64-linux/lib \
         $(python3 -c 'import nvidia, os; print(" ".join(os.path.join(p, s, "lib") for p in nvidia.__path__ for s in ("cufft", "cuda_runtime")))' 2>/dev/null); do
  [ -e "$d/libcufft.so.12" ] || [ -e "$d/libcudart.so.13" ] && export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$d"
done
TG=$BIN/test_gpu
[ -x "$TG" ] || TG=$BIN/../tests/test_gpu
PY=${PRESS_PYTHON:-python3}
for t in simulate sample_params lsa_filter; do
  [ -x "$BIN/$t" ] || { echo "gpu_check: error: $BIN/$t: not found: expected a press build (make build)" >&2; exit 1; }
done
missing=$(ldd "$BIN/simulate" "$TG" 2>/dev/null | grep 'not found' | sort -u | tr -s ' \t' ' ')
[ -z "$missing" ] || echo "gpu_check: warning: libraries not found:$missing (bench/gpu_bundle.sh; LD_LIBRARY_PATH)" >&2
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
t0=$SECONDS
threads=$(nproc)
device=$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1)
echo "gpu_check: ${device:-no nvidia-smi answer}; $threads CPU threads; binaries $BIN"

# 1. The GPU tests (Catch2): passed / failed / skipped, with the reason.
tests="not run (no test_gpu)"
if [ -x "$TG" ]; then
  rc=0
  "$TG" -r compact >"$W/tests.log" 2>&1 || rc=$?
  case $rc in
    0) tests="passed: $(grep -o 'Passed all [0-9]* test cases with [0-9]* assertions' "$W/tests.log" \
               || grep -o 'All tests passed.*' "$W/tests.log" | tail -1)";;
    77) tests=$(cat "$W/tests.log");;  # "skipped: <why>"
    *) tests="FAILED (exit $rc): $(grep -c 'failed' "$W/tests.log") failure line(s); see below"
       grep -E 'failed|error' "$W/tests.log" | head -20;;
  esac
fi
echo "gpu_check: GPU tests $tests ($((SECONDS - t0)) s)"

# The paper's grid (128², float32) with FFTW's measure planner (patient takes minutes to plan).
sed -e 's/^  fftw_planner: .*/  fftw_planner: measure/' config/config.yaml >"$W/c.yaml"
grep -q 'fftw_planner: measure' "$W/c.yaml" || { echo "gpu_check: error: config/config.yaml: no fftw_planner" >&2; exit 1; }
"$BIN/sample_params" --config "$W/c.yaml" --n 24000 --out "$W/cand.csv" 2>/dev/null
"$BIN/lsa_filter" --config "$W/c.yaml" --in "$W/cand.csv" --out "$W/turing.csv" 2>/dev/null
rows=$(($(wc -l <"$W/turing.csv") - 1))
[ "$rows" -ge 512 ] || { echo "gpu_check: error: only $rows Turing rows: expected 512" >&2; exit 1; }
"$BIN/simulate" --config "$W/c.yaml" --plan-only --wisdom "$W/w" --threads "$threads" 2>/dev/null

# 2. CPU against GPU, 16 samples, 1000 steps (t = 200), early stop as configured: max |du|.
agree="not run"
sim() {  # sim SOLVER COUNT T_MAX OUT [EXTRA...]
  local solver=$1 count=$2 tmax=$3 out=$4; shift 4
  "$BIN/simulate" --config "$W/c.yaml" --in "$W/turing.csv" --count "$count" --t-max "$tmax" --out "$out" \
    --solver "$solver" --threads "$threads" --wisdom "$W/w" "$@" 2>"$out.log"
}
if sim cpu 16 200 "$W/c16.h5" && sim gpu 16 200 "$W/g16.h5"; then
  if [ -x "$BIN/compare_solvers" ] && "$BIN/compare_solvers" --help >/dev/null 2>&1; then
    "$BIN/compare_solvers" --config "$W/c.yaml" --cpu "$W/c16.h5" --cpu-seconds 0 --cpu-threads "$threads" \
      --gpu "$W/g16.h5" --gpu-seconds 0 --out "$W/solvers.csv" 2>/dev/null
    agree=$("$PY" - "$W/solvers.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#"))]
print(f"compare_solvers: max |du| {max(float(r['max_abs_du']) for r in rows):.3g}, "
      f"same status {sum(int(r['same_status']) for r in rows)}/{len(rows)}, "
      f"max |residual diff| {max(abs(float(r['residual_diff'])) for r in rows):.3g}")
PY
)
  else  # (a bundle without LibTorch: the same numbers but the residuals, read with h5py)
    agree=$("$PY" - "$W/c16.h5" "$W/g16.h5" <<'PY'
import sys
import h5py, numpy as np
c, g = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
assert (c["id"][:] == g["id"][:]).all()
du = np.abs(c["u"][:].astype(np.float64) - g["u"][:]).max()
same = int((c["status"][:] == g["status"][:]).sum())
print(f"h5py: max |du| {du:.3g}, same status {same}/{len(c['id'])}, same steps {int((c['steps'][:] == g['steps'][:]).sum())}")
PY
)
  fi
else
  agree="FAILED: $(tail -1 "$W/g16.h5.log" 2>/dev/null)"
fi
echo "gpu_check: CPU vs GPU, 16 samples at 128², 1000 steps: $agree ($((SECONDS - t0)) s)"

# 3. Trajectory frames, CPU against GPU: 4 samples, a frame every 100 steps to step 1000 (early
# stop off, as frames need): the frame count and max |du| per frame (float32 differences grow with t).
frames="not run"
if sim cpu 4 200 "$W/cf.h5" --early-stop false --frame-every 100 && sim gpu 4 200 "$W/gf.h5" --early-stop false --frame-every 100; then
  frames=$("$PY" - "$W/cf.h5" "$W/gf.h5" <<'PY'
import sys
import h5py, numpy as np
c, g = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
fc, fg = c["frames_u"][:].astype(np.float64), g["frames_u"][:].astype(np.float64)
assert fc.shape == fg.shape, (fc.shape, fg.shape)
assert np.isfinite(fg).all(), "GPU frames hold NaN"
assert (fg[:, -1] == g["u"][:]).all(), "the GPU's last frame is not its final state"
d = np.abs(fc - fg).max(axis=(0, 2, 3))
print(f"{fg.shape[1]} frames x {fg.shape[0]} samples, last frame = final state, max |du| per frame "
      + " ".join(f"{x:.2g}" for x in d))
PY
) || frames="FAILED (see above)"
else
  frames="FAILED: $(tail -1 "$W/gf.h5.log" 2>/dev/null)"
fi
echo "gpu_check: CPU vs GPU frames: $frames ($((SECONDS - t0)) s)"

# 4. Throughput: 512 samples x 1000 steps, early stop off, on each backend (the CPU on all cores).
rate() {  # the summary's samples/s and per-step figure
  sed -n 's/.*, \([0-9.e+]*\) samples\/s, \([0-9.e+]*\) \(us\/step\/[a-z]*\)$/\1 samples\/s (\2 \3)/p' "$1" | tail -1
}
cpu_rate="FAILED"; gpu_rate="FAILED"
sim cpu 512 200 "$W/c512.h5" --early-stop false && cpu_rate=$(rate "$W/c512.h5.log")
sim gpu 512 200 "$W/g512.h5" --early-stop false && gpu_rate=$(rate "$W/g512.h5.log")
echo "gpu_check: 512 samples x 1000 steps at 128² float32: cpu ($threads threads) $cpu_rate; gpu $gpu_rate ($((SECONDS - t0)) s)"

# 5. The paper's protocol (t_max 5000, early stop as configured): 2048 samples on the GPU (one
# batch, which runs until its slowest sample stops: stopped samples are still stepped), 256 on the
# CPU (all cores); samples/s each, and the hours for the paper's 24,000 Turing sets.
paper() {  # paper SOLVER COUNT
  local out="$W/p_$1.h5"
  sim "$1" "$2" 5000 "$out" || { echo "FAILED"; return; }
  local r
  r=$(sed -n 's/.*, \([0-9.e+]*\) samples\/s, .*/\1/p' "$out.log" | tail -1)
  awk -v r="$r" 'BEGIN { printf "%.4g samples/s (24,000 sets: %.2f h)", r, 24000 / r / 3600 }'
}
cpu_paper=$(paper cpu 256)
gpu_paper=$(paper gpu 2048)
echo "gpu_check: the paper's protocol (early stop, t_max 5000): cpu ($threads threads) $cpu_paper; gpu $gpu_paper ($((SECONDS - t0)) s)"

echo "gpu_check summary: device ${device:-none}; tests $tests; agreement $agree; frames $frames; cpu $cpu_rate; gpu $gpu_rate; paper protocol cpu $cpu_paper, gpu $gpu_paper; $((SECONDS - t0)) s"
case "$tests $agree $frames $cpu_rate $gpu_rate $cpu_paper $gpu_paper" in *FAILED*) exit 1;; esac
