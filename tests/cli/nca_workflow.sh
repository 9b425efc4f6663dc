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
finish
