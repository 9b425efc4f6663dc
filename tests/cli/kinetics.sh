#!/usr/bin/env bash
# Kinetics other than Gierer-Meinhardt end to end (issue 14): config/test_schnakenberg.yaml runs
# through a plain snakemake call to its tables and figures; the tables carry Schnakenberg's
# parameters (a, b, d), no Gierer-Meinhardt column and no paper value; the fit row is there.
# Then the one-line errors of a config that mixes the systems' keys, and of predict.
source "$(dirname "$0")/../support/common.sh" "$@"
export PRESS_BIN=$BIN
R=results/test_schnakenberg
if snakemake -s "$SRC/Snakefile" --directory "$WORK" --configfile "$SRC/config/test_schnakenberg.yaml" --cores 2 -q \
  >run.txt 2>&1; then ok "test_schnakenberg.yaml end to end"; else bad "test_schnakenberg.yaml end to end:"; tail -40 run.txt; fi
for t in table2.csv table3.csv table4.csv table5.csv summary.csv floors.csv; do
  [ -s "$R/tables/$t" ] && ok "$t written" || bad "$t missing"
done
for f in figure1_patterns figure2_resimulation parity training_curves turing_region noise; do
  [ -s "$R/figures/$f.png" ] && ok "$f.png drawn" || bad "$f.png missing"
done
head -1 "$R/candidates.csv" | grep -qx 'id,a,b,d' && ok "candidates.csv: id,a,b,d" || bad "candidates.csv header: $(head -1 $R/candidates.csv)"
head -1 "$R/tables/summary.csv" | grep -q 'test_r2_a,test_r2_b,test_r2_d,test_rmse_a,test_rmse_b,test_rmse_d,' \
  && ok "summary.csv: per-parameter columns a, b, d" || bad "summary.csv header: $(head -1 $R/tables/summary.csv)"
grep -q '^fit_uv,' "$R/tables/summary.csv" && ok "summary.csv has the fit_uv row" || bad "no fit_uv row in summary.csv"
# No paper values beside a Schnakenberg run: every paper_* cell of Table 2 is empty.
/usr/bin/python3 - "$R/tables/table2.csv" <<'PY' && ok "table2.csv: paper_* columns empty" || bad "table2.csv has paper values"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert rows and all(not r[k] for r in rows for k in r if k.startswith("paper_")), "paper values present"
PY
/usr/bin/python3 - "$R/data/dataset.h5" <<'PY' && ok "dataset.h5: params [n, 3], kinetics schnakenberg" || bad "dataset.h5 shape/attribute"
import h5py, sys
f = h5py.File(sys.argv[1], "r")
assert f["params"].shape[1] == 3 and f.attrs["kinetics"] in (b"schnakenberg", "schnakenberg"), (f["params"].shape, f.attrs["kinetics"])
PY
# Mixed keys: a GM parameter in a Schnakenberg config, and a u-only fit variant.
sed 's/^  d: \[5.0, 100.0\]/  delta: [5.0, 100.0]/' "$SRC/config/test_schnakenberg.yaml" >mixed.yaml
expect_error "params.delta under schnakenberg" out.csv "$BIN/sample_params" --config mixed.yaml --out out.csv
says "not a parameter of model.kinetics schnakenberg"
sed 's/^  variants: \[uv\]/  variants: [u, uv]/' "$SRC/config/test_schnakenberg.yaml" >u_fit.yaml
expect_error "fit variant u under schnakenberg" out.csv "$BIN/sample_params" --config u_fit.yaml --out out.csv
says "expected uv for model.kinetics schnakenberg"
# A user's image is u alone: predict (fit or model) is Gierer-Meinhardt's only, said in one line.
/usr/bin/python3 -c "import numpy as np; np.save('pat.npy', np.random.default_rng(0).random((32, 32)).astype(np.float32))"
expect_error "predict --fit under schnakenberg" p.csv "$BIN/predict" --config "$SRC/config/test_schnakenberg.yaml" --fit pat.npy --out p.csv
says "expected murray or printed_eq3"
finish
