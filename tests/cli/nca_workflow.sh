#!/usr/bin/env bash
# The NCA experiment through a plain snakemake call (issue 23): config/test_gray_scott.yaml's toy
# NCA (2 training trajectories, 3 epochs, one test trajectory to twice the horizon) to
# tables/nca.csv, figures/nca.png and report_nca.html, and its sweeps (t 20 and 40 at noise 0, noise
# 0.5 at t 40) to tables/nca_sweep.csv and figures/nca_sweep.png; a second call has nothing to do.
source "$(dirname "$0")/../support/common.sh" "$@"
export PRESS_BIN=$BIN
R=results/test_gray_scott
if snakemake -s "$SRC/Snakefile" --directory "$WORK" nca nca_sweep --configfile "$SRC/config/test_gray_scott.yaml" --cores 2 -q \
  >run.txt 2>&1; then ok "snakemake nca end to end"; else bad "snakemake nca:"; tail -40 run.txt; fi
/usr/bin/python3 - "$R/tables/nca.csv" <<'PY' && ok "tables/nca.csv: one row (seed 0, test id 2), horizon 400, end 800" || bad "nca.csv"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [(r["seed"], r["id"], r["horizon"], r["end_time"]) for r in rows] == [("0", "2", "400", "800")], rows
assert float(rows[0]["wavelength_v_pde"]) > 0 and rows[0]["components_v_pde"].isdigit()
PY
[ -s "$R/figures/nca.png" ] && ok "figures/nca.png drawn" || bad "figures/nca.png missing"
grep -q '<section id="nca.csv">' "$R/report_nca.html" && grep -q 'data:image/png;base64' "$R/report_nca.html" \
  && ok "report_nca.html: the table and the figure" || bad "report_nca.html lacks the table or the figure"
/usr/bin/python3 - "$R/tables/nca_sweep.csv" "$R/nca/train.h5" <<'PY' && ok "nca_sweep.csv: the three cells; the training shard keeps a frame every 20 steps" || bad "nca_sweep.csv"
import csv, sys
import h5py
rows = list(csv.DictReader(open(sys.argv[1])))
assert [(r["t"], r["noise"]) for r in rows] == [("20", "0"), ("40", "0"), ("40", "0.5")], rows
assert all(0 <= float(r["share_v_nca"]) <= 1 and float(r["kept_loss"]) > 0 for r in rows), rows
assert h5py.File(sys.argv[2], "r").attrs["frame_every"] == 20
PY
[ -s "$R/figures/nca_sweep.png" ] && ok "figures/nca_sweep.png drawn" || bad "figures/nca_sweep.png missing"
snakemake -s "$SRC/Snakefile" --directory "$WORK" nca nca_sweep --configfile "$SRC/config/test_gray_scott.yaml" --cores 2 -n \
  >again.txt 2>&1
grep -q "Nothing to be done" again.txt && ok "rerun: nothing to be done" || bad "rerun would run: $(tail -5 again.txt)"
# One more sweep seed trains that seed's cells and nothing that exists (nca.sweep is no training's key).
printf 'nca: {sweep: {t: [20, 40], noise: [0.5], seeds: [0, 1]}}\n' >seed1.yaml
snakemake -s "$SRC/Snakefile" --directory "$WORK" nca nca_sweep --configfile "$SRC/config/test_gray_scott.yaml" seed1.yaml \
  --cores 2 -n >seed1.txt 2>&1
/usr/bin/python3 - seed1.txt <<'PY' && ok "a sweep seed more: its 3 cells only" || bad "a sweep seed more: $(grep -A3 '^rule' seed1.txt | head -40)"
import re, sys
jobs = re.findall(r"^rule (\w+):\n(?:    .*\n)*?    wildcards: (.*)$", open(sys.argv[1]).read(), re.M)
trained = sorted(w for rule, w in jobs if rule.startswith("train_nca"))
assert trained == sorted(f"cell={c}, seed=1" for c in ("t20_noise0", "t40_noise0", "t40_noise0.5")), jobs
PY
# A Turing system from noise (nca.lsa_filter, nca.test_initial: noise; config/quick_nca_*.yaml):
# the parameter sets pass through lsa_filter, and every trajectory, the test ones too, starts
# from noise around its own homogeneous state; too few Turing sets stop the rule in one line.
cat >turing.yaml <<'YAML'
name: test_nca_turing
params: {a: [0.05, 0.15], b: [0.85, 0.95], d: [11.0, 15.0]}
grid: {n: 16, dx: 2.0}
sample_params: {n_candidates: 20}
simulate: {dt: 0.1, t_max: 1.6, early_stop: false, integrator: euler9, initial: noise, frame_every: 8, noise_sigma: 0.01}
nca: {lsa_filter: true, test_initial: noise, trajectories: 2, test_trajectories: 1, t: 8}
YAML
T=results/test_nca_turing
if snakemake -s "$SRC/Snakefile" --directory "$WORK" "$T/nca/test.h5" --configfile "$SRC/config/test_schnakenberg.yaml" turing.yaml \
  --cores 2 -q >turing.txt 2>&1; then ok "snakemake: Schnakenberg trajectories from noise"; else bad "turing data:"; tail -20 turing.txt; fi
/usr/bin/python3 - "$T/nca/params.csv" "$T/nca/train.h5" "$T/nca/test.h5" <<'PY' && ok "params.csv: lsa_filter's columns; frame 0 of every trajectory is noise (sd 0.01) around its own u*" || bad "turing trajectories"
import csv, sys
import h5py, numpy as np
rows = list(csv.DictReader(open(sys.argv[1])))
assert 3 <= len(rows) <= 20 and all(float(r["lambda_max"]) > 0 for r in rows), len(rows)
star = {int(r["id"]): float(r["u_star"]) for r in rows}
order = [int(r["id"]) for r in rows]
firsts = []
for path, ids in ((sys.argv[2], order[:2]), (sys.argv[3], order[2:3])):
    f = h5py.File(path, "r")
    assert list(f["id"][:]) == ids, (path, f["id"][:])
    for i, id_ in enumerate(ids):
        u0 = f["frames_u"][i, 0].astype(float)
        assert abs(u0.mean() - star[id_]) < 0.01 and 0.005 < u0.std() < 0.02, (path, id_, u0.mean(), star[id_], u0.std())
        firsts.append(u0 - u0.mean())
assert not np.allclose(firsts[0], firsts[2]) and not np.allclose(firsts[1], firsts[2])
PY
printf 'name: test_nca_turing_few\nsample_params: {n_candidates: 2}\n' >few.yaml
if snakemake -s "$SRC/Snakefile" --directory "$WORK" results/test_nca_turing_few/nca/params.csv --configfile \
  "$SRC/config/test_schnakenberg.yaml" turing.yaml few.yaml --cores 1 -q >few.txt 2>&1; then bad "2 candidates for 3 trajectories: exit 0"
elif [ ! -e results/test_nca_turing_few/nca/params.csv ] && [ "$(wc -l <results/test_nca_turing_few/logs/nca/params.log)" -ge 1 ] \
  && grep -q "^nca_params: error: .*key 'nca.lsa_filter': [0-2] Turing-unstable sets of sample_params.n_candidates: expected at least 3" \
  results/test_nca_turing_few/logs/nca/params.log; then ok "too few Turing sets: one error line, no params.csv"
else bad "too few Turing sets:"; cat results/test_nca_turing_few/logs/nca/params.log; fi
# Two species (snakemake two_species; docs/binn.md "Two species"): the first Turing set's trajectory
# with a frame every 2 steps, discover_kinetics per noise level and form -> tables/two_species.csv and
# figures/two_species.png.
cat >two.yaml <<'YAML'
name: test_two_species
simulate: {t_max: 8.0}
binn: {two_species_noise: [0, 0.02], two_species_frame_every: 2, weak_width: 1, weak_frames: 2, kinetics_starts: 3,
       simex_draws: 1}
YAML
if PRESS_TRACE_CONFIG=$WORK/two_keys.txt snakemake -s "$SRC/Snakefile" --directory "$WORK" two_species --configfile \
  "$SRC/config/test_schnakenberg.yaml" turing.yaml two.yaml --cores 2 -q >two.txt 2>&1; then ok "snakemake two_species"
else bad "two_species:"; tail -20 two.txt; fi
/usr/bin/python3 "$SRC/tests/support/check_stage_keys.py" two_keys.txt "$SRC" >two_keys_check.txt 2>&1 \
  && ok "two_species: $(cat two_keys_check.txt)" || { bad "stage stamps miss keys:"; cat two_keys_check.txt; }
printf 'binn: {weak_width: 2}\n' >wider.yaml
snakemake -s "$SRC/Snakefile" --directory "$WORK" two_species --configfile "$SRC/config/test_schnakenberg.yaml" turing.yaml \
  two.yaml wider.yaml --cores 2 -n >wider.txt 2>&1
[ "$(grep -c '^rule discover_kinetics:' wider.txt)" = 4 ] && ! grep -q '^rule two_species_data:' wider.txt \
  && ok "a discovery key changed: discover_kinetics reruns, the trajectory stays" || bad "weak_width change: $(grep '^rule' wider.txt)"
/usr/bin/python3 - results/test_two_species/tables/two_species.csv <<'PY' && ok "tables/two_species.csv: a row per level and form; Schnakenberg first without noise" || bad "two_species table"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
got = sorted((r["noise"], r["weak_width"], r["weak_frames"]) for r in rows)
assert got == [("0", "0", "0"), ("0", "1", "2"), ("0.02", "0", "0"), ("0.02", "1", "2")], got
assert all(r["truth"] == "schnakenberg" for r in rows)
assert all(r["selected"] == "schnakenberg" for r in rows if r["noise"] == "0"), rows
# SIMEX ran on every one (binn.simex_draws 1): its error wherever Schnakenberg came first
assert all((r["simex_param_max_rel_err"] != "nan") == (r["selected"] == "schnakenberg") for r in rows), rows
PY
ls results/test_two_species/two_species/noise0.02/weak/simex.csv >/dev/null && ok "simex.csv beside each summary" \
  || bad "simex.csv missing"
[ -s results/test_two_species/figures/two_species.png ] && ok "figures/two_species.png drawn" || bad "figures/two_species.png missing"
finish
