#!/usr/bin/env bash
# The three tools end to end on config/test.yaml; the shard is reloaded with h5py (an independent
# reader) and checked against the contract; a rerun is byte-identical; a killed run leaves no
# file under the final name.
source "$(dirname "$0")/common.sh" "$@"
cfg=$SRC/config/test.yaml
"$BIN/sample_params" --config "$cfg" --out cand.csv 2>log1.txt
"$BIN/lsa_filter" --config "$cfg" --in cand.csv --out turing.csv 2>log2.txt
"$BIN/simulate" --config "$cfg" --in turing.csv --out shard.h5 --first 1 --count 5 2>log3.txt
grep -q 'accepted' log2.txt && grep -q 'verdict cond4_discriminant' log2.txt && ok "lsa_filter logs verdict counts" || bad "lsa_filter log"
grep -q 'done: real .* peak RSS' log3.txt && ok "simulate summary line" || bad "simulate summary"
/usr/bin/python3 "$SRC/tests/reference/check_shard.py" shard.h5 turing.csv --first 1 --count 5 --grid 32 \
  && ok "shard matches the contract (h5py)" || bad "shard contract"
"$BIN/simulate" --config "$cfg" --in turing.csv --out shard2.h5 --first 1 --count 5 --threads 1 2>/dev/null
cmp -s shard.h5 shard2.h5 && ok "rerun (1 thread vs 2) byte-identical" || bad "rerun differs"

# Kill a long run mid-way: no shard.h5-like output may appear under the final name.
"$BIN/simulate" --config "$cfg" --in turing.csv --out killed.h5 --t-max 100000 2>/dev/null &
pid=$!
sleep 1
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
[ ! -e killed.h5 ] && ok "killed run left no final output" || bad "killed run left killed.h5"
finish
