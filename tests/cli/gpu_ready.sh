#!/usr/bin/env bash
# What the first GPU run must not find out the hard way, checked without a GPU (issue 26): every
# kernel launch of the cuFFT backend is checked at once; the GPU tests skip only where there is no
# GPU and fail on any other CUDA error (injected); simulate's per-step figure for the GPU is not
# multiplied by the host's threads.
source "$(dirname "$0")/../support/common.sh" "$@"
cu=$SRC/lib/sim/solver_cuda.cu

# 1. Each launch (a line with <<<) is followed within three lines by launch_check(...).
awk '/<<</ { launches++; due = NR + 3 }
     /launch_check\(/ && due >= NR { checked++; due = 0 }
     due && NR > due { print FILENAME ": line " NR - 3 ": a launch without launch_check"; due = 0 }
     END { printf "%d launches, %d checked\n", launches, checked; exit (launches == 0 || checked != launches) }' \
  "$cu" >launches.txt && ok "every kernel launch is checked: $(tail -1 launches.txt)" || bad "$(cat launches.txt)"

# 2. Skip only without a GPU: the probe's verdict on injected errors, through the real test binary.
tg=$BIN/../tests/test_gpu
if [ -x "$tg" ]; then
  run_probe() { local rc=0; env "$@" "$tg" >probe.out 2>&1 || rc=$?; echo "$rc"; }
  [ "$(run_probe PRESS_GPU_PROBE_ERROR=35 PRESS_GPU_PROBE_DRIVER=present)" = 1 ] && grep -q "insufficient" probe.out \
    && ok "a driver older than the runtime fails: $(cat probe.out)" || bad "driver mismatch: $(cat probe.out)"
  [ "$(run_probe PRESS_GPU_PROBE_ERROR=35 PRESS_GPU_PROBE_DRIVER=absent)" = 77 ] \
    && ok "no NVIDIA driver skips: $(cat probe.out)" || bad "no driver: $(cat probe.out)"
  [ "$(run_probe PRESS_GPU_PROBE_ERROR=100)" = 77 ] && ok "no device skips: $(cat probe.out)" || bad "no device: $(cat probe.out)"
  [ "$(run_probe PRESS_GPU_PROBE_ERROR=46 PRESS_GPU_PROBE_DRIVER=present)" = 1 ] \
    && ok "a busy device fails: $(cat probe.out)" || bad "busy device: $(cat probe.out)"
else
  echo "skip: no test_gpu (a build without CUDA): the probe's verdict is unit-tested in test_solver_physics"
fi

# 3. simulate --solver gpu without a GPU: one line naming why, before any work.
"$BIN/sample_params" --config "$SRC/config/test.yaml" --n 200 --out c.csv 2>/dev/null
"$BIN/lsa_filter" --config "$SRC/config/test.yaml" --in c.csv --out t.csv 2>/dev/null
if [ ! -x "$tg" ] || [ "$("$tg" >/dev/null 2>&1; echo $?)" = 77 ]; then  # no GPU here
  expect_error "simulate --solver gpu without a GPU" g.h5 "$BIN/simulate" --config "$SRC/config/test.yaml" --in t.csv \
    --out g.h5 --solver gpu --count 2
  says "solver 'gpu'"
fi
"$BIN/simulate" --config "$SRC/config/test.yaml" --in t.csv --out c.h5 --count 4 --t-max 2 --threads 2 2>sim.log
grep -Eq '[0-9.e+-]+ us/step/thread$' sim.log && ok "cpu summary: $(tail -1 sim.log | grep -o '[^,]*us/step/thread')" \
  || bad "simulate summary: $(tail -1 sim.log)"
finish
