#!/usr/bin/env bash
# Workflow tests (snakemake-workflows style), in a scratch directory: lint; the paper config's
# dry run has the expected jobs per rule; config/test.yaml end to end produces every table and
# figure; a second run does nothing; deleting one model directory rebuilds only that cell, the
# tables and what is drawn from them, with identical tables; a lambda-list change trains only
# the new cells; a config change reruns the affected stage; a rerun from clean gives
# byte-identical tables; compare_solvers writes results/bench/solvers.csv with or without a GPU.
source "$(dirname "$0")/../support/common.sh" "$@"
export PRESS_BIN=$BIN
sm() { snakemake -s "$SRC/Snakefile" --directory "$WORK" "$@"; }
tsm() { sm --configfile "$SRC/config/test.yaml" "$@"; }
# count FILE RULE: the job count of RULE in the "Job stats" table Snakemake printed (0 if absent)
count() { awk -v r="$2" '/^job +count/{on=1} on && $1==r{print $2; f=1; exit} /^total/{on=0} END{if(!f) print 0}' "$1"; }
expect_counts() {  # FILE WHAT rule=count...
  local file=$1 what=$2 got bad_=""; shift 2
  for rc in "$@"; do got=$(count "$file" "${rc%=*}"); [ "$got" = "${rc#*=}" ] || bad_="$bad_ ${rc%=*}=$got(want ${rc#*=})"; done
  [ -z "$bad_" ] && ok "$what: $*" || { bad "$what:$bad_"; cat "$file"; }
}
# As on a machine whose first python3 (pyenv, conda, modules) lacks matplotlib: plain snakemake
# must still draw the figures with the interpreter that runs it (issue 13).
unset PRESS_PYTHON
mkdir -p fakebin
printf '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n' >fakebin/python3  # -S: no site-packages, no matplotlib
chmod +x fakebin/python3
export PATH=$WORK/fakebin:$PATH
python3 -c 'import matplotlib' 2>/dev/null && bad "the fake python3 has matplotlib" || ok "first python3 on PATH lacks matplotlib"
PRESS_PYTHON=$WORK/fakebin/python3 sm -n >nopy.txt 2>&1 && bad "PRESS_PYTHON without matplotlib accepted" \
  || { grep -q "expected a python3 with matplotlib" nopy.txt && ok "PRESS_PYTHON without matplotlib: $(grep -m1 'figures:' nopy.txt)" \
       || { bad "PRESS_PYTHON without matplotlib:"; cat nopy.txt; }; }

# Lint must run (exit 0) and find nothing: a crash of the linter is a failure, not a pass.
if lint=$(sm --lint 2>&1) && ! echo "$lint" | grep -q 'Lints for'; then ok "snakemake --lint clean"
else bad "snakemake --lint:"; echo "$lint"; fi

# The paper config: 6 archs x 4 pools x 6 lambdas x 1 seed = 144 trainings, each evaluated on
# val and test (simulate's shards are known only after the lsa_filter checkpoint).
sm -n -q >paper.txt 2>&1 || { bad "paper dry run"; cat paper.txt; }
# Plus the physics fit (3 variants x 4 noise levels); the noise study (the focus cell's baseline and
# chosen lambda at 3 noise levels) waits for the select checkpoint, so a dry run shows none of it.
expect_counts paper.txt "paper dry run" sample_params=1 lsa_filter=1 fftw_wisdom=1 split=1 train=144 evaluate=288 \
  fit=12 select=1 evaluate_noise=0 tabulate=1 resimulate=2 figure1=1 figure2=1 parity=1 training_curves=1 turing_region=1 \
  noise_figure=1 all=1
sm -n -q --profile "$SRC/config/slurm" >slurm.txt 2>&1 || { bad "SLURM profile dry run"; cat slurm.txt; }
expect_counts slurm.txt "SLURM profile dry run" train=144 evaluate=288
# The slice overlay (docs/fidelity.md): 3 archs x 1 pool x 4 lambdas x 2 seeds.
sm -n -q --configfile "$SRC/config/slice.yaml" >slice.txt 2>&1 || { bad "slice dry run"; cat slice.txt; }
expect_counts slice.txt "slice overlay dry run" split=1 train=24 evaluate=48 fit=12 select=1 evaluate_noise=0 tabulate=1
rm -rf results .snakemake

R=results/test
TABLES="table2.csv table2.md table3.csv table3.md table4.csv table4.md table5.csv table5.md paired.csv paired.md summary.csv floors.csv"
FIGS="figure1_patterns figure2_resimulation parity training_curves turing_region noise"
# same_tables DIR: the tables equal those in DIR, byte for byte, but for the measured times.
same_tables() {
  local same=1 t
  for t in $TABLES; do
    /usr/bin/python3 "$SRC/tests/support/same_table.py" "$1/$t" "$R/tables/$t" || { same=0; echo "differs: $t"; }
  done
  [ $same = 1 ]
}
PRESS_TRACE_CONFIG=$WORK/keys.txt tsm --cores 2 -q >run.txt 2>&1 && ok "test.yaml end to end" \
  || { bad "end-to-end run"; cat run.txt; }
# rules/common.smk's stage stamps against the keys each tool read in that run.
/usr/bin/python3 "$SRC/tests/support/check_stage_keys.py" keys.txt "$SRC" >keys_check.txt 2>&1 \
  && ok "$(cat keys_check.txt)" || { bad "stage stamps miss keys:"; cat keys_check.txt; }
missing=""
for t in $TABLES; do [ -s $R/tables/$t ] || missing="$missing $t"; done
for f in $FIGS; do [ -s $R/figures/$f.png ] || missing="$missing $f.png"; done
[ -z "$missing" ] && ok "every table and figure written" || bad "missing:$missing"
rows=$(($(wc -l <$R/turing.csv) - 1)); shards=$(ls $R/sim/shard_*.h5 | wc -l)
[ "$shards" -eq $(((rows + 99) / 100)) ] && ok "$shards shards of 100 for $rows Turing rows" || bad "$shards shards for $rows rows"
[ -s $R/logs/train/mlp_n256_lam0.1_seed0.log ] && [ -s $R/benchmarks/train/mlp_n256_lam0.1_seed0.tsv ] \
  && ok "logs and benchmarks written" || bad "logs/benchmarks"
# report.html: parses, every table and figure in it, every image a PNG embedded in the page.
/usr/bin/python3 - $R/report.html <<'PY' && ok "report.html: 4 tables, 6 embedded figures, config, status counts" || bad "report.html"
import base64, html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.ids, self.imgs, self.stack = set(), [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a: self.ids.add(a["id"])
        if tag == "img": self.imgs.append(a["src"])
        if tag not in ("img", "meta", "br"): self.stack.append(tag)
    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"
text = open(sys.argv[1]).read()
p = P(); p.feed(text); p.close()
assert not p.stack, p.stack
want = {"table2", "table3", "table4", "table5", "figure1_patterns", "figure2_resimulation", "parity",
        "training_curves", "turing_region", "noise", "summary", "config", "times"}
assert want <= p.ids, want - p.ids
assert len(p.imgs) == 6 and all(base64.b64decode(s.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n" for s in p.imgs)
assert "Turing-unstable" in text and "simulated samples by status" in text and "commit" in text
PY
mkdir first && cp $R/tables/* first/
tsm -n >again.txt 2>&1; grep -q 'Nothing to be done' again.txt && ok "second run is a no-op" || { bad "second run not a no-op"; cat again.txt; }

# Delete one model directory: only that cell, the tables and their figures are rebuilt.
find $R/models -name model.pt ! -path '*/mlp/n256/lam0.1/*' -exec stat -c '%n %Y' {} + | sort >mtimes.txt
rm -rf $R/models/mlp/n256/lam0.1/seed0
tsm --cores 2 >rebuild.txt 2>&1 || { bad "rebuild"; cat rebuild.txt; }
expect_counts rebuild.txt "one model deleted" train=1 evaluate=2 evaluate_noise=0 fit=0 tabulate=1 split=0 simulate=0 lsa_filter=0 sample_params=0
find $R/models -name model.pt ! -path '*/mlp/n256/lam0.1/*' -exec stat -c '%n %Y' {} + | sort | cmp -s - mtimes.txt \
  && ok "no other model touched" || bad "other models were rebuilt"
same_tables first && ok "retrained cell gives identical tables" || bad "tables changed after retraining one cell"

# Grid edits: one more lambda trains only the new cells; a simulate key reruns simulate.
printf 'train:\n  lambdas: [0, 0.1, 0.01]\n' >lambdas.yaml
tsm -n -q --configfile "$SRC/config/test.yaml" lambdas.yaml >lambdas.txt 2>&1
# The noise study's jobs wait for select's choice (a checkpoint): none in the dry run.
expect_counts lambdas.txt "lambda list + 0.01" train=4 evaluate=8 select=1 evaluate_noise=0 fit=0 tabulate=1 split=0
find $R/models -type d -name 'noise*' -prune -exec rm -r {} +  # the first run's (0.1 was the only choice)
tsm --cores 2 -q --configfile "$SRC/config/test.yaml" lambdas.yaml >lambdas_run.txt 2>&1 || { bad "lambda list run"; cat lambdas_run.txt; }
# Only the focus cell's baseline and its chosen lambda are evaluated under noise (1 seed, 3 levels).
chosen=$(awk -F, 'NR>1 && $1=="cnn_l1_none" && $2==512 {print $3}' $R/tables/selection.csv)
noisy=$(cd $R/models && find . -path '*/noise*/metrics_test.csv' | sort | tr '\n' ' ')
want=""; for l in 0 $chosen; do for v in 0.001 0.01 0.05; do want="$want./cnn_l1_none/n512/lam$l/seed0/noise$v/metrics_test.csv "; done; done
[ -n "$chosen" ] && [ "$noisy" = "$(echo $want | tr ' ' '\n' | sort | tr '\n' ' ')" ] \
  && ok "noise study: lam0 and the chosen lam$chosen only (selection.csv), of 0.1 and 0.01" \
  || { bad "noise study models: chosen '$chosen', got: $noisy"; cat $R/tables/selection.csv; }
printf 'simulate:\n  t_max: 50\n' >override.yaml
tsm -n --configfile "$SRC/config/test.yaml" override.yaml >changed.txt 2>&1
grep -q "reason: Updated input files: $R/stamps/simulate.yaml" changed.txt && ok "a simulate key reruns simulate" \
  || { bad "config change did not rerun"; cat changed.txt; }
printf 'tabulate:\n  focus_n: 300\n' >cross.yaml
if tsm -n --configfile "$SRC/config/test.yaml" cross.yaml >cross.txt 2>&1; then bad "a cross-key error passed the workflow"
else grep -q "key 'tabulate.focus_n': value 300: expected one of split.pools" cross.txt \
  && ok "the workflow runs the tools' config check before any job" || { bad "cross-key message"; cat cross.txt; }; fi
printf 'simulate:\n  dt: -1.0\n' >invalid.yaml
if tsm -n --configfile "$SRC/config/test.yaml" invalid.yaml >invalid.txt 2>&1; then bad "invalid override accepted"
else grep -q "dt" invalid.txt && ok "invalid override rejected by the schema" || bad "invalid override message"; fi

# data_from: a run that trains on another run's data. Other train keys: no data stage runs, the
# grid trains in its own directory on results/test's split; another split key: its own split of
# results/test's shards; another simulate key: refused in one line.
tsm -n -q >/dev/null 2>&1  # the dry runs above rewrote the stamps with their overrides: back to test.yaml's
md5sum $R/stamps/*.yaml $R/config.yaml >stamps_before.txt
printf 'name: test_std\ndata_from: test\ntrain:\n  input_scaling: standardize\n' >from.yaml
tsm -n -p --configfile "$SRC/config/test.yaml" from.yaml >from.txt 2>&1
expect_counts from.txt "data_from, other train keys" sample_params=0 lsa_filter=0 fftw_wisdom=0 simulate=0 split=0 train=8 evaluate=16
grep -q "results/test_std/models/mlp/n256/lam0/seed0/model.pt" from.txt && grep -q -- "--data $R/data/dataset.h5" from.txt \
  && ok "data_from: models in results/test_std, data from $R" || { bad "data_from paths"; cat from.txt; }
printf 'name: test_nofilter\ndata_from: test\nsplit:\n  filter: none\n' >from_split.yaml
tsm -n --configfile "$SRC/config/test.yaml" from_split.yaml >from_split.txt 2>&1
expect_counts from_split.txt "data_from, another filter" simulate=0 split=1 train=8
grep -q "output: results/test_nofilter/data/dataset.h5" from_split.txt && grep -q "$R/sim/shard_00000.h5" from_split.txt \
  && ok "data_from with another split key: its own split of $R's shards" || { bad "data_from split paths"; cat from_split.txt; }
printf 'name: test_other\ndata_from: test\nsimulate:\n  t_max: 50\n' >from_sim.yaml
if tsm -n --configfile "$SRC/config/test.yaml" from_sim.yaml >from_sim.txt 2>&1; then bad "data_from with another simulate key accepted"
else grep -q "key 'data_from' value 'test': $R/stamps/simulate.yaml holds other simulate settings" from_sim.txt \
  && ok "data_from with another simulate key refused: $(grep -m1 "data_from" from_sim.txt | cut -c1-120)..." || { bad "data_from message"; cat from_sim.txt; }; fi
md5sum $R/stamps/*.yaml $R/config.yaml | cmp -s - stamps_before.txt && ok "the data run's stamps and config untouched" \
  || bad "data_from runs rewrote the data run's stamps or config"

# From clean: byte-identical tables.
rm -rf results .snakemake
tsm --cores 2 -q >run2.txt 2>&1 || { bad "second end-to-end run"; cat run2.txt; }
same_tables first && ok "rerun from clean: byte-identical tables (but the measured fit times)" \
  || bad "tables differ between clean runs"

# compare_solvers: both backends on the same rows; without a GPU the file says so.
tsm --cores 2 compare_solvers >cmp.txt 2>&1 || { bad "compare_solvers"; cat cmp.txt; }
S=results/bench/solvers.csv
n=$(grep -vc '^#' $S || true)
[ "$n" -eq 17 ] && ok "solvers.csv: 16 samples" || { bad "solvers.csv rows: $n"; cat $S; }
if grep -q '^# gpu backend did not run' $S; then
  ok "no GPU: $(grep '^# gpu' $S)"
else
  grep -v '^#' $S | tail -n +2 | awk -F, '$4!=1{exit 1}' && ok "GPU: every sample has the CPU's status" || bad "GPU status differs"
fi
finish
