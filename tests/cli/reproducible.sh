#!/usr/bin/env bash
# reproducible: strict gives the same bits on another x86-64 CPU. The other CPU is an emulated
# Nehalem (qemu-user: SSE4.2, no AVX, no FMA), against this machine's own. Every stage runs
# on both, from the same inputs, and each output must be byte-identical: candidates, the Turing
# filter, a shard, the dataset, a trained model, its metrics and predictions, and the physics
# fit. Skips (77) without qemu-x86_64.
source "$(dirname "$0")/../support/common.sh" "$@"
command -v qemu-x86_64 >/dev/null || { echo "skip: qemu-x86_64 not installed (Debian: qemu-user)"; exit 77; }
# The emulated CPU must really lack AVX and FMA, or the comparison proves nothing.
printf '#include <stdio.h>\nint main(void){__builtin_cpu_init();printf("%%d%%d\\n",__builtin_cpu_supports("avx"),__builtin_cpu_supports("fma"));}\n' >cpu.c
cc cpu.c -o cpu && [ "$(qemu-x86_64 -cpu Nehalem ./cpu)" = "00" ] && ok "emulated Nehalem: no AVX, no FMA (here: $(./cpu))" \
  || { bad "qemu -cpu Nehalem does not hide AVX/FMA"; finish; }

{ sed -e 's/^  n_samples: 560$/  n_samples: 120/' -e 's/^  n_test: 48$/  n_test: 24/' -e 's/^  pools: \[256, 512\]$/  pools: [96]/' \
    -e 's/^  focus_n: 512$/  focus_n: 96/' -e 's/^  filter: authors .*/  filter: none/' -e 's/^  fftw_planner: .*/  fftw_planner: measure/' \
    "$SRC/config/test.yaml"; echo "reproducible: strict"; } >strict.yaml
grep -q 'pools: \[96\]' strict.yaml && grep -q 'fftw_planner: measure' strict.yaml

# on DIR [qemu] CMD...: a stage into DIR, natively or on the emulated Nehalem. Natively the tools
# restart themselves with the pinned code paths; under qemu that restart would leave the
# emulator, so the test sets the pins the native run logged (the same list): a tool that finds
# them all in its environment does not restart.
on() {
  local where=$1; shift
  if [ "$where" = native ]; then "$@"; return; fi
  env $(sed -n 's/.*CPU code paths pinned: //p' native/c.log) qemu-x86_64 -cpu Nehalem "$@"
}
mkdir -p native emulated
for w in native emulated; do
  on $w "$BIN/sample_params" --config strict.yaml --n 4000 --out $w/c.csv 2>$w/c.log
  on $w "$BIN/lsa_filter" --config strict.yaml --in $w/c.csv --out $w/t.csv 2>/dev/null
  on $w "$BIN/simulate" --config strict.yaml --in $w/t.csv --out $w/s10.h5 --count 10 --t-max 1000 --wisdom $w/w 2>/dev/null
done
grep -q "CPU code paths pinned: GLIBC_TUNABLES=" native/c.log && ok "strict: $(sed -n 's/.*\(CPU code paths pinned.*\)/\1/p' native/c.log)" \
  || bad "strict did not pin: $(cat native/c.log)"
# The later stages on both CPUs from the same native inputs (a whole shard under emulation
# would take minutes).
"$BIN/simulate" --config strict.yaml --in native/t.csv --out s.h5 --count 130 --t-max 1000 2>/dev/null
"$BIN/split" --config strict.yaml --out-dir data s.h5 2>/dev/null
for w in native emulated; do
  on $w "$BIN/split" --config strict.yaml --out-dir $w/data s.h5 2>/dev/null
  on $w "$BIN/fit" --config strict.yaml --list data/splits/test.csv --out $w/fit.csv data/dataset.h5 2>/dev/null
  on $w "$BIN/train" --config strict.yaml --data data/dataset.h5 --splits data/splits --arch cnn_l2_maxpool --n 96 \
    --lambda 0.1 --epochs 2 --out-dir $w/m 2>/dev/null
  on $w "$BIN/evaluate" --config strict.yaml --model $w/m --data data/dataset.h5 --splits data/splits --split test \
    --out $w/ev.csv --predictions $w/ev.predictions.csv 2>/dev/null
done
for f in c.csv t.csv s10.h5 data/dataset.h5 fit.csv m/model.pt ev.predictions.csv; do
  if [ ! -s native/$f ]; then bad "native/$f not written"
  elif cmp -s native/$f emulated/$f; then ok "$f identical on both CPUs"
  else bad "$f differs between this CPU and the emulated Nehalem"; fi
done
# The metrics' time column is a measurement; every other column must agree.
cut -d, -f1-24 native/ev.csv >a.csv; cut -d, -f1-24 emulated/ev.csv >b.csv
head -1 native/ev.csv | grep -q ',samples,time$' && cmp -s a.csv b.csv && ok "metrics identical but for the time column" \
  || bad "metrics differ: $(diff a.csv b.csv | head -4)"
finish
