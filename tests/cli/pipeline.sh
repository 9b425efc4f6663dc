#!/usr/bin/env bash
# The three tools end to end on config/test.yaml; the shard is reloaded with h5py (an independent
# reader) and checked against the contract; a rerun is byte-identical; a killed run leaves no
# file under the final name.
source "$(dirname "$0")/../support/common.sh" "$@"
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

# Kill a run while it is writing its shard (256x256, one step, ~180 samples: a ~2 s write), as
# soon as the temporary appears: nothing may be left under the final name.
sed 's/^  n: 32$/  n: 256/' "$cfg" >big.yaml
grep -q '^  n: 256$' big.yaml
"$BIN/sample_params" --config big.yaml --n 3000 --out bigc.csv 2>/dev/null
"$BIN/lsa_filter" --config big.yaml --in bigc.csv --out bigt.csv 2>/dev/null
"$BIN/simulate" --config big.yaml --in bigt.csv --out killed.h5 --t-max 0.2 2>/dev/null &
pid=$!
caught=no
wait_for 120 compgen -G "killed.h5.tmp.*" && { kill -9 "$pid"; caught=yes; }
wait "$pid" 2>/dev/null || true
if [ "$caught" = no ]; then bad "never saw the temporary being written"
elif [ -e killed.h5 ]; then bad "a run killed mid-write left killed.h5"
else ok "a run killed mid-write left no killed.h5 (only $(ls killed.h5.tmp.* | head -1))"; fi
finish
