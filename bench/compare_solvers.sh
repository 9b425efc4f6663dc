#!/usr/bin/env bash
# Run simulate on the first COUNT rows of turing.csv with both backends (same ids, so the same
# initial noise), time each, and compare them (build/bin/compare_solvers) into OUT.
#   compare_solvers.sh BIN CONFIG TURING WISDOM COUNT THREADS WORKDIR OUT
set -euo pipefail
bin=$1 cfg=$2 turing=$3 wisdom=$4 count=$5 threads=$6 work=$7 out=$8
mkdir -p "$work"
TIMEFORMAT=%R
{ time "$bin/simulate" --config "$cfg" --in "$turing" --out "$work/cpu.h5" --first 0 --count "$count" \
    --solver cpu --threads "$threads" --wisdom "$wisdom" 2> "$work/cpu.err"; } 2> "$work/cpu.seconds.log"
cat "$work/cpu.err" >&2
cpu_s=$(tail -n 1 "$work/cpu.seconds.log")
gpu=()
if { time "$bin/simulate" --config "$cfg" --in "$turing" --out "$work/gpu.h5" --first 0 --count "$count" \
       --solver gpu 2> "$work/gpu.err"; } 2> "$work/gpu.seconds.log"; then
  gpu=(--gpu "$work/gpu.h5" --gpu-seconds "$(tail -n 1 "$work/gpu.seconds.log")")
else
  gpu=(--gpu-error "$(grep -m1 'error' "$work/gpu.err" || tail -n 1 "$work/gpu.err")")
fi
cat "$work/gpu.err" >&2
"$bin/compare_solvers" --config "$cfg" --cpu "$work/cpu.h5" --cpu-seconds "$cpu_s" --cpu-threads "$threads" \
  "${gpu[@]}" --out "$out"
