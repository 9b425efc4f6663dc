#!/usr/bin/env bash
# Equation discovery's tools (issue 24). binn_data: the fine simulation (dopri5 on the no-flux or
# periodic flux form) against an independent scipy integration of the same semi-discretisation
# (tests/reference/density_reference.py), every noise level reached, reruns byte-identical, hostile
# input refused in one line with no output. sindy: on densely sampled noiseless data, the exact
# support and the coefficients of Fisher-KPP with constant and with linear diffusion. closed_form:
# a planted quadratic law ranked first. train_binn: its outputs, deterministic, resumed after kill -9
# to the same bits. resim_fit: the
# planted pair ranked first with its coefficients, a grid that does not nest refused.
source "$(dirname "$0")/../support/common.sh" "$@"
base() { sed '/^binn:/d' "$SRC/config/test.yaml"; echo "binn: {rtol: 1.0e-10, atol: 1.0e-12, $1}"; }
base "fine: 41, observed: 11" >noflux.yaml
base "fine: 44, observed: 11, boundary: periodic" >periodic.yaml
"$BIN/binn_data" --config noflux.yaml --diffusion linear --out lin.h5 2>log.txt || { bad "binn_data failed"; cat log.txt; }
grep -q "frame 5/5 at t = 2" log.txt && ok "progress: a line per frame" || bad "no progress lines: $(cat log.txt)"
# dopri5 at rtol 1e-10 against DOP853 at 1e-12: measured 9.5e-11 (and 9.5e-13 at rtol 1e-12).
/usr/bin/python3 "$SRC/tests/reference/density_reference.py" lin.h5 --atol 1e-9 >ref.txt \
  && ok "D = 0.015 + 0.06 u, no-flux == scipy ($(cat ref.txt))" || { bad "linear, no-flux"; cat ref.txt; }
"$BIN/binn_data" --config periodic.yaml --diffusion saturating --out sat.h5 2>/dev/null
/usr/bin/python3 "$SRC/tests/reference/density_reference.py" sat.h5 --atol 1e-9 >ref2.txt \
  && ok "D = 0.003 + 0.095 (1 - e^-2.5u), periodic == scipy ($(cat ref2.txt))" || { bad "saturating, periodic"; cat ref2.txt; }
/usr/bin/python3 - lin.h5 <<'PY' && ok "every noise level reached to 1e-6, clipped at 0; level 0 is the truth" || bad "noise levels"
import sys
import h5py
import numpy as np
f = h5py.File(sys.argv[1], "r")
clean, u, levels = f["u_clean"][:], f["u"][:], f["noise_levels"][:]
assert list(levels) == [0, 0.01, 0.02, 0.05, 0.1], levels
mask = clean >= 1e-3
for k, level in enumerate(levels):
    rel = np.mean(np.abs(u[k][mask] - clean[mask]) / clean[mask])
    assert abs(rel - level) <= 1e-6 and u[k].min() >= 0, (level, rel)
assert np.array_equal(u[0], clean)
PY
"$BIN/binn_data" --config noflux.yaml --diffusion linear --out again.h5 2>/dev/null
cmp -s lin.h5 again.h5 && ok "rerun byte-identical" || bad "rerun differs"
expect_error "an unknown form" bad.h5 "$BIN/binn_data" --config noflux.yaml --diffusion cubic --out bad.h5
base "fine: 40, observed: 11" >nonest.yaml
expect_error "grids that do not nest" bad.h5 "$BIN/binn_data" --config nonest.yaml --diffusion linear --out bad.h5

# SINDy on dense noiseless frames (41^2, 81 frames): u_t = D lap u + 1.2 u - 1.5 u^2, and with
# D = 0.015 + 0.06 u also 0.06 (u lap u + |grad u|^2). The central differences' truncation error
# is second order: measured, the worst coefficient (|grad u|^2) is 1.14% off at h = dt = 1/40 and
# 0.30% at 1/80; hence 2% here.
base "fine: 81, observed: 41, frames: 81, noise_levels: [0]" >dense.yaml
for law in constant linear; do
  "$BIN/binn_data" --config dense.yaml --diffusion $law --out dense_$law.h5 2>/dev/null
  "$BIN/sindy" --config dense.yaml --data dense_$law.h5 --out sindy_$law.csv --summary row_$law.csv 2>sindy_$law.txt \
    || { bad "sindy $law"; cat sindy_$law.txt; }
done
/usr/bin/python3 - sindy_constant.csv sindy_linear.csv <<'PY' && ok "sindy: Fisher-KPP's support and coefficients to 2% (constant and linear D)" || bad "sindy recovery"
import csv, sys
for path, truth in ((sys.argv[1], {"u": 1.2, "u^2": -1.5, "lap u": 0.02472}),
                    (sys.argv[2], {"u": 1.2, "u^2": -1.5, "lap u": 0.015, "u lap u": 0.06, "|grad u|^2": 0.06})):
    got = {r["term"]: float(r["coefficient"]) for r in csv.DictReader(open(path)) if r["active"] == "1"}
    assert set(got) == set(truth), (path, got)
    assert all(abs(got[k] / truth[k] - 1) < 0.02 for k in truth), (path, got)
PY
grep -q '^sindy,linear,0,0,.*,1,.*,1,' row_linear.csv && ok "sindy --summary: linear D's form and G's form right" \
  || bad "sindy row: $(tail -1 row_linear.csv)"
# The equation as found (every kept term, the |grad u|^2 coefficient's 1% beyond D' included),
# re-simulated from the bump: its coefficients within 1% keep the frames within 1e-3 of the clean
# ones (measured: 3.1e-5 constant, 4.9e-4 linear).
/usr/bin/python3 - row_constant.csv row_linear.csv <<'PY' && ok "sindy: the found equation re-simulated, RMS < 1e-3 against the clean frames" || bad "sindy resim: $(cat row_*.csv)"
import csv, sys
for p in sys.argv[1:]:
    r = next(csv.DictReader(open(p)))
    assert 0 < float(r["resim_rms_clean"]) < 1e-3, r
PY
grep -q "re-simulated: u_t = div((0.015.* u) grad u) + (1.19.* u) u + (.*) |grad u|^2" sindy_linear.txt \
  && ok "sindy: logs the equation it re-simulates" || bad "sindy log: $(cat sindy_linear.txt)"
"$BIN/closed_form" --config dense.yaml --in <(/usr/bin/python3 -c "
import numpy as np
u = np.linspace(0.05, 0.95, 200)
print('u,f')
for a in u: print(f'{a!r},{0.01 + 0.044 * a * a!r}')") --out forms.csv 2>cf.txt || { bad "closed_form"; cat cf.txt; }
sed -n 2p forms.csv | grep -q '^1,0.01 + 0.044 u^2,2,' && ok "closed_form: 0.01 + 0.044 u^2 ranked first ($(sed -n 3p forms.csv | cut -d, -f2) second)" \
  || bad "closed_form ranking: $(head -3 forms.csv)"
printf 'u,g\n0.1,1\n0.2,2\n0.3,3\n0.4,4\n' >nof.csv
expect_error "closed_form: no column f" cf_bad.csv "$BIN/closed_form" --config dense.yaml --in nof.csv --out cf_bad.csv
# train_binn at toy length: the files, the curves over the data's 5-95% range, the same bits twice.
for d in b1 b2; do
  "$BIN/train_binn" --config noflux.yaml --data lin.h5 --noise 0.05 --epochs 4 --out-dir $d --threads 1 2>tb_$d.txt \
    || { bad "train_binn"; cat tb_$d.txt; }
done
[ -s b1/model.pt ] && [ -s b1/log.csv ] && [ "$(wc -l <b1/diffusion.csv)" -eq 201 ] && grep -q '^noise: 0.05$' b1/settings.yaml \
  && [ "$(wc -l <b1/forms_diffusion.csv)" -eq 11 ] && grep -q '^binn,linear,0.05,0,' b1/summary.csv \
  && ok "train_binn: model.pt, log.csv, settings.yaml, 200 points of D and G, ranked forms, the discovery row" \
  || bad "train_binn outputs: $(ls b1)"
cmp -s b1/model.pt b2/model.pt && cmp -s b1/diffusion.csv b2/diffusion.csv && ok "train_binn: twice, the same bits" \
  || bad "train_binn: reruns differ"
# kill -9 once a checkpoint exists, then a rerun: the same model.pt as an uninterrupted run.
sed 's/^binn: {/binn: {checkpoint_seconds: 0, /' noflux.yaml >ck.yaml
"$BIN/train_binn" --config ck.yaml --data lin.h5 --noise 0.05 --epochs 12 --out-dir b12 --threads 1 2>/dev/null
"$BIN/train_binn" --config ck.yaml --data lin.h5 --noise 0.05 --epochs 12 --out-dir bk --threads 1 2>/dev/null &
pid=$!
wait_for 120 test -e bk/checkpoint.pt || true  # (checked below)
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null || true
[ -e bk/checkpoint.pt ] && [ ! -e bk/model.pt ] && ok "train_binn killed mid-training: a checkpoint, no model.pt" \
  || bad "train_binn after kill -9: $(ls bk)"
cp -r bk bo  # the same checkpoint under a run of another noise level: not resumed
"$BIN/train_binn" --config ck.yaml --data lin.h5 --noise 0 --epochs 12 --out-dir bo --threads 1 2>tb_other.txt
grep -q "a checkpoint of other settings or data: starting over" tb_other.txt && ! grep -q "resuming" tb_other.txt \
  && ok "train_binn: another level's checkpoint is not resumed" || bad "train_binn other level: $(head -3 tb_other.txt)"
"$BIN/train_binn" --config ck.yaml --data lin.h5 --noise 0.05 --epochs 12 --out-dir bk --threads 1 2>tb_resume.txt
grep -q "resuming at epoch" tb_resume.txt && cmp -s b12/model.pt bk/model.pt && cmp -s b12/diffusion.csv bk/diffusion.csv \
  && [ ! -e bk/checkpoint.pt ] \
  && ok "train_binn rerun resumed ($(grep -o 'resuming at epoch [0-9]*' tb_resume.txt)): model.pt byte-identical to an uninterrupted run" \
  || bad "train_binn resume: $(tail -3 tb_resume.txt)"
expect_error "train_binn: a level the file lacks" b3/model.pt "$BIN/train_binn" --config noflux.yaml --data lin.h5 --noise 0.3 \
  --out-dir b3
# resim_fit on the data's own grid: every candidate re-simulated and fitted; the planted pair ranks
# first with its coefficients (the same solver and grid: only the fit's tolerances between them).
"$BIN/resim_fit" --config noflux.yaml --data lin.h5 --max-evals 150 --out resim.csv --summary resim_row.csv 2>resim.txt \
  || { bad "resim_fit"; cat resim.txt; }
/usr/bin/python3 - resim.csv resim_row.csv <<'PY' && ok "resim_fit: $(sed -n 2p resim.csv | cut -d, -f2,3) ranked first of $(($(wc -l <resim.csv) - 1))" || { bad "resim_fit ranking"; cat resim.csv resim_row.csv; }
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 5, rows
best = rows[0]
a, b = (float(x.strip()) for x in best["d_expression"].split(" + ")[0:1] + [best["d_expression"].split(" + ")[1].split()[0]])
assert abs(a / 0.015 - 1) < 1e-4 and abs(b / 0.06 - 1) < 1e-4, best
assert float(best["rms_clean"]) < 1e-6, best
row = next(csv.DictReader(open(sys.argv[2])))
assert row["method"] == "resim" and row["d_form_right"] == "1" and row["g_form_right"] == "1", row
assert float(row["d_coef_max_rel_error"]) < 1e-4 and float(row["g_coef_max_rel_error"]) < 1e-4, row
assert abs(float(row["resim_rms_clean"]) - float(best["rms_clean"])) <= 1e-5 * float(best["rms_clean"]) + 1e-15, row
PY
grep -q "simulations" resim.txt && ok "resim_fit: a progress line per candidate" || bad "resim_fit progress: $(cat resim.txt)"
expect_error "resim_fit: a grid the data's does not nest in" r.csv "$BIN/resim_fit" --config noflux.yaml --data lin.h5 --fine 40 --out r.csv
says "--fine: value 40: expected fine - 1 a multiple of the data's 10 observed intervals"
expect_error "sindy: a level the file lacks" s.csv "$BIN/sindy" --config dense.yaml --data dense_linear.h5 --noise 0.3 --out s.csv
# Two species (discover_kinetics): a Schnakenberg trajectory from noise (config/quick_nca_schnakenberg.yaml
# on 16^2, frames every 4 steps); the ranking puts Schnakenberg first with its parameters; a shard
# without frames and rows of two parameter sets are refused in one line.
/usr/bin/python3 - "$SRC/config/quick_nca_schnakenberg.yaml" <<'PY'
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
c["grid"]["n"] = 16
c["simulate"].update(t_max=40.0, frame_every=4)
c["binn"] = {"kinetics_starts": 3}
yaml.safe_dump(c, open("two.yaml", "w"))
PY
"$BIN/sample_params" --config two.yaml --n 4 --out two_c.csv 2>/dev/null
"$BIN/lsa_filter" --config two.yaml --in two_c.csv --out two_t.csv 2>/dev/null
"$BIN/simulate" --config two.yaml --in two_t.csv --count 2 --out two.h5 --threads 1 2>/dev/null
if "$BIN/discover_kinetics" --config two.yaml --data two.h5 --rows 0 --terms two_terms.csv \
  --ranking two_rank.csv --summary two_row.csv 2>two.txt; then ok "discover_kinetics ran"; else bad "discover_kinetics: $(cat two.txt)"; fi
/usr/bin/python3 - two_rank.csv two_row.csv two_t.csv <<'PY' && ok "discover_kinetics: Schnakenberg first, its a, b, d and D_u within 1%" || bad "discover_kinetics ranking"
import csv, sys
rank = list(csv.DictReader(open(sys.argv[1])))
assert len(rank) == 6 and rank[0]["kinetics"] == "schnakenberg", [r["kinetics"] for r in rank]
truth = next(csv.DictReader(open(sys.argv[3])))
got = dict(kv.split("=") for kv in rank[0]["parameters"].split())
assert all(abs(float(got[k]) / float(truth[k]) - 1) < 0.01 for k in "abd"), (got, truth)
assert abs(float(rank[0]["d_u"]) - 1) < 0.01, rank[0]
row = next(csv.DictReader(open(sys.argv[2])))
assert row["truth"] == "schnakenberg" and row["true_rank"] == "1" and row["polynomial"] == "1", row
PY
grep -q "model selection: schnakenberg first" two.txt && ok "discover_kinetics: a line per stage" || bad "discover_kinetics log: $(cat two.txt)"
if "$BIN/discover_kinetics" --config two.yaml --data two.h5 --rows 0 --weak-width 1 --weak-frames 2 --terms weak_terms.csv \
  --ranking weak_rank.csv --summary weak_row.csv 2>weak.txt \
  && /usr/bin/python3 -c 'import csv, sys; r = next(csv.DictReader(open(sys.argv[1])));
assert (r["weak_width"], r["weak_frames"], r["selected"], r["true_rank"]) == ("1", "2", "schnakenberg", "1"), r' weak_row.csv \
  && grep -q "weak form: test functions 1 cells and 2 frames wide" weak.txt; then ok "discover_kinetics: the weak form ranks Schnakenberg first"
else bad "discover_kinetics --weak-width: $(cat weak.txt)"; fi
# SIMEX at 5% noise (weak form): the noise's sd estimated within 3% of the planted 5% of each
# field's range, and the truth's parameters' error cut from ~22% to under 3%.
if "$BIN/discover_kinetics" --config two.yaml --data two.h5 --rows 0 --weak-width 1 --weak-frames 2 --noise 0.05 \
  --simex-draws 1 --simex sx.csv --terms sx_terms.csv --ranking sx_rank.csv --summary sx_row.csv 2>sx.txt \
  && /usr/bin/python3 - sx_row.csv sx.csv two.h5 <<'PY'; then ok "discover_kinetics --simex: noise sd within 3%, parameters' error ~22% -> < 3%"
import csv, sys
import h5py
r = next(csv.DictReader(open(sys.argv[1])))
f = h5py.File(sys.argv[3], "r")
for k in "uv":
    x = f["frames_" + k][0]
    planted = 0.05 * (x.max() - x.min())
    assert abs(float(r[f"sigma_{k}_hat"]) / planted - 1) < 0.03, (k, r[f"sigma_{k}_hat"], planted)
assert float(r["true_param_max_rel_err"]) > 0.1 and float(r["simex_param_max_rel_err"]) < 0.03, r
rows = list(csv.DictReader(open(sys.argv[2])))
assert [x["parameter"] for x in rows] == ["a", "b", "d", "d_u"] and "zeta_2" in rows[0], rows
PY
else bad "discover_kinetics --simex: $(cat sx.txt)"; fi
expect_error "discover_kinetics: SIMEX without its output" k.csv "$BIN/discover_kinetics" --config two.yaml --data two.h5 \
  --rows 0 --simex-draws 1 --terms k.csv --ranking k2.csv
says "key 'binn.simex_draws': value 1: expected --simex FILE"
"$BIN/simulate" --config two.yaml --in two_t.csv --count 1 --frame-every 0 \
  --out noframes.h5 --threads 1 2>/dev/null
expect_error "discover_kinetics: a shard without frames" k.csv "$BIN/discover_kinetics" --config two.yaml --data noframes.h5 \
  --terms k.csv --ranking k2.csv
expect_error "discover_kinetics: two parameter sets" k.csv "$BIN/discover_kinetics" --config two.yaml --data two.h5 \
  --terms k.csv --ranking k2.csv
expect_error "discover_kinetics: a weak form wider than the grid" k.csv "$BIN/discover_kinetics" --config two.yaml \
  --data two.h5 --rows 0 --weak-width 8 --terms k.csv --ranking k2.csv
says "weak form: width 8 cells: expected a window (2 w + 1 cells) inside the 16^2 grid"
finish
