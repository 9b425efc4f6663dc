#!/usr/bin/env bash
# The BINN experiment through a plain snakemake call (issue 24): config/test_binn.yaml's toy run
# (one law, noise 0 and 5%, two seeds, 3 epochs) to tables/binn.csv (a BINN row per level and seed,
# a binn_ensemble, a sindy and a resim row per level), figures/binn.png, binn_resim.png and report_binn.html; a second call has nothing to do.
source "$(dirname "$0")/../support/common.sh" "$@"
export PRESS_BIN=$BIN
R=results/test_binn
if snakemake -s "$SRC/Snakefile" --directory "$WORK" binn --configfile "$SRC/config/test_binn.yaml" --cores 2 -q \
  >run.txt 2>&1; then ok "snakemake binn end to end"; else bad "snakemake binn:"; tail -40 run.txt; fi
/usr/bin/python3 - "$R/tables/binn.csv" <<'PY' && ok "binn.csv: 4 BINN rows, 2 ensemble rows (2 seeds each), 2 sindy rows, 2 resim rows, scored against the truth" || bad "binn.csv"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
got = sorted((r["method"], r["law"], r["noise"], r["seed"]) for r in rows)
want = sorted([("binn", "linear", l, s) for l in ("0", "0.05") for s in ("0", "1")]
              + [(m, "linear", l, "0") for m in ("sindy", "resim") for l in ("0", "0.05")]
              + [("binn_ensemble", "linear", l, "2") for l in ("0", "0.05")])
assert got == want, got
assert all(float(r["d_max_rel_error"]) >= 0 and r["d_form_right"] in ("0", "1") for r in rows), rows
# every method's discovered equation re-simulated; resim's own always runs (empty: one that did not)
assert all(r["resim_rms_clean"] == "" or float(r["resim_rms_clean"]) >= 0 for r in rows), rows
assert all(float(r["resim_rms_clean"]) < 0.05 for r in rows if r["method"] == "resim"), rows
PY
# The ensemble: the two seeds' curves averaged point by point, their sd beside (computed here).
E=$R/binn/linear/noise0.05
/usr/bin/python3 - "$E/seed0/diffusion.csv" "$E/seed1/diffusion.csv" "$E/ensemble/curves.csv" <<'PY' \
  && ok "binn_ensemble: curves.csv = the seeds' mean and sd" || bad "binn_ensemble curves"
import csv, math, sys
a, b, e = ([r for r in csv.DictReader(open(p))] for p in sys.argv[1:])
assert len(a) == len(b) == len(e) == 200, (len(a), len(b), len(e))
for x, y, z in zip(a, b, e):
    f0, f1 = float(x["f"]), float(y["f"])
    assert float(z["u"]) == float(x["u"]) == float(y["u"]), (x, y, z)
    assert math.isclose(float(z["d"]), (f0 + f1) / 2, rel_tol=1e-8), (x, y, z)
    assert math.isclose(float(z["d_sd"]), abs(f0 - f1) / math.sqrt(2), rel_tol=1e-7, abs_tol=1e-15), (x, y, z)
PY
mkdir -p shifted && cp "$E/seed1/diffusion.csv" "$E/seed1/growth.csv" shifted/
sed -i '5s/^[^,]*,/0.123456,/' shifted/diffusion.csv
expect_error "binn_ensemble: a run on another u grid" ens/summary.csv "$BIN/binn_ensemble" --config "$R/config.yaml" \
  --data "$R/binn/linear/data.h5" --noise 0.05 --out-dir ens "$E/seed0" shifted
grep -q "shifted/diffusion.csv: line 5: u 0.123456" stderr.txt && ok "binn_ensemble: the error names file, line and value" \
  || bad "binn_ensemble error: $(cat stderr.txt)"
cp "$E/seed1/summary.csv" seed1_summary.csv
expect_error "binn_ensemble: --out-dir one of its runs" "$E/seed1/curves.csv" "$BIN/binn_ensemble" \
  --config "$R/config.yaml" --data "$R/binn/linear/data.h5" --noise 0.05 --out-dir "$E/seed1" "$E/seed0" "$E/seed1"
cmp -s seed1_summary.csv "$E/seed1/summary.csv" && ok "binn_ensemble: the run's own summary untouched" || bad "seed1 summary changed"
[ -s "$R/figures/binn.png" ] && ok "figures/binn.png drawn" || bad "figures/binn.png missing"
[ -s "$R/figures/binn_resim.png" ] && [ "$(grep -c '' "$R/binn/linear/noise0.05/resim/frames.csv")" = 606 ] \
  && ok "figures/binn_resim.png drawn from resim's frames (5 frames x 121 points)" || bad "binn_resim.png or frames.csv"
grep -q '<section id="binn.csv">' "$R/report_binn.html" && ok "report_binn.html: the table" || bad "report_binn.html"
snakemake -s "$SRC/Snakefile" --directory "$WORK" binn --configfile "$SRC/config/test_binn.yaml" --cores 2 -n \
  >again.txt 2>&1
grep -q "Nothing to be done" again.txt && ok "rerun: nothing to be done" || bad "rerun would run: $(tail -5 again.txt)"
finish
