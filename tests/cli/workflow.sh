#!/usr/bin/env bash
# Workflow tests (snakemake-workflows style): lint, dry run, and the tiny config end to end in a
# scratch directory; a second run does nothing; a config change reruns the affected stages.
source "$(dirname "$0")/common.sh" "$@"
export PRESS_BIN=$BIN
sm() { snakemake -s "$SRC/Snakefile" --directory "$WORK" --configfile "$SRC/config/test.yaml" "$@"; }

lint=$(snakemake -s "$SRC/Snakefile" --directory "$WORK" --lint 2>&1 || true)
echo "$lint" | grep -q 'Lints for' && { bad "snakemake --lint:"; echo "$lint"; } || ok "snakemake --lint clean"
sm -n >dry.txt 2>&1 && grep -q 'sample_params' dry.txt && grep -q 'lsa_filter' dry.txt && ok "dry run plans the stages" || bad "dry run"
sm --cores 2 -q >run.txt 2>&1 && ok "end-to-end run" || { bad "end-to-end run"; cat run.txt; }
R=results/test
rows=$(($(wc -l <$R/turing.csv) - 1))
shards=$(wc -l <$R/sim/shards.txt)
want=$(( (rows + 99) / 100 ))   # shard_size 100 in config/test.yaml
[ "$shards" -eq "$want" ] && [ "$rows" -gt 0 ] && ok "$shards shards for $rows Turing rows" || bad "$shards shards for $rows rows (want $want)"
for f in $(cat $R/sim/shards.txt); do [ -s "$f" ] || bad "missing $f"; done
[ -s $R/logs/simulate/shard_00000.log ] && [ -s $R/benchmarks/simulate/shard_00000.tsv ] && ok "logs and benchmarks written" || bad "logs/benchmarks"
sm -n >again.txt 2>&1; grep -q 'Nothing to be done' again.txt && ok "second run is a no-op" || { bad "second run not a no-op"; cat again.txt; }
printf 'simulate:\n  t_max: 50\n' >override.yaml
sm -n --configfile "$SRC/config/test.yaml" override.yaml >changed.txt 2>&1
grep -q 'reason: Updated input files: results/test/config.yaml' changed.txt && ok "a config change reruns the stages" \
  || { bad "config change did not rerun"; cat changed.txt; }
printf 'simulate:\n  dt: -1.0\n' >invalid.yaml
if sm -n --configfile "$SRC/config/test.yaml" invalid.yaml >invalid.txt 2>&1; then bad "invalid override accepted"
else grep -q "dt" invalid.txt && ok "invalid override rejected by the schema" || bad "invalid override message"; fi
finish
