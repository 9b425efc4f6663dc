#!/usr/bin/env bash
# Density data with a known answer (issue 24): binn_data's fine simulation (dopri5 on the no-flux or
# periodic flux form) against an independent scipy integration of the same semi-discretisation
# (tests/reference/density_reference.py), every noise level reached, reruns byte-identical, and
# hostile input refused in one line with no output.
source "$(dirname "$0")/../support/common.sh" "$@"
base() { sed '/^binn:/d' "$SRC/config/test.yaml"; echo "binn: {observed: 11, rtol: 1.0e-10, atol: 1.0e-12, $1}"; }
base "fine: 41" >noflux.yaml
base "fine: 44, boundary: periodic" >periodic.yaml
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
base "fine: 40" >nonest.yaml
expect_error "grids that do not nest" bad.h5 "$BIN/binn_data" --config nonest.yaml --diffusion linear --out bad.h5
finish
