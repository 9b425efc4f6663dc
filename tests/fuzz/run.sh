#!/usr/bin/env bash
# One libFuzzer target as a CTest entry: replay tests/fuzz/found/ (inputs that once hung or
# crashed; each must now finish at once), then fuzz for SECONDS from a scratch copy of the seed
# corpus. Usage: run.sh FUZZER CORPUS_DIR FOUND_DIR SECONDS
set -euo pipefail
fuzzer=$1 corpus=$2 found=$3 seconds=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS=detect_leaks=0  # yaml-cpp and fmt are not built with the sanitizer
# -timeout: one input taking over 10 s is a hang; -rss_limit_mb: growth past 2 GB is a bug
# (the yaml-cpp document loop grew ~600 MB per 40 s before its fix).
opts=(-timeout=10 -rss_limit_mb=2048 -seed=1 "-artifact_prefix=$work/")
if compgen -G "$found/*" >/dev/null; then
  "$fuzzer" "${opts[@]}" "$found"/* 2>"$work/replay.log" || { tail -30 "$work/replay.log"; exit 1; }
  echo "replayed $(ls "$found" | wc -l) found inputs"
fi
cp -r "$corpus" "$work/corpus"
"$fuzzer" "${opts[@]}" -max_total_time="$seconds" -print_final_stats=1 "$work/corpus" 2>"$work/fuzz.log" \
  || { grep -v -E '^#[0-9]+' "$work/fuzz.log" | tail -40; ls "$work"; exit 1; }
grep -E '^Done|stat::number_of_executed_units|stat::peak_rss_mb' "$work/fuzz.log"
