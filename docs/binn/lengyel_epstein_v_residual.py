#!/usr/bin/env python3
# docs/binn.md "Lengyel-Epstein": usage, from the repository root after
#   snakemake --cores 2 two_species --configfile config/quick_lengyel_epstein.yaml config/two_species_lengyel_epstein.yaml
#   /usr/bin/python3 docs/binn/lengyel_epstein_v_residual.py
# Lengyel-Epstein's v equation on noisy frames: the pointwise residual R_v = v_t - d lap v - b h(u, v)
# at the truth and at the weak fit's (b, d), on the same noisy data (numpy draws, 1% of each field's range).
import h5py, numpy as np
f = h5py.File("results/two_species_lengyel_epstein/two_species/trajectory.h5", "r")
U = f["frames_u"][0].astype(np.float64); V = f["frames_v"][0].astype(np.float64); t = f["frame_times"][:]
a, b, d = f["params"][0]
def lap9(x):  # 1/4 [[1,2,1],[2,-12,2],[1,2,1]], dx = 1, periodic
    s = lambda i, j: np.roll(np.roll(x, i, -2), j, -1)
    return 0.25 * (s(1,1)+s(1,-1)+s(-1,1)+s(-1,-1) + 2*(s(1,0)+s(-1,0)+s(0,1)+s(0,-1)) - 12*x)
def resid(Uo, Vo, b, d):
    vt = (Vo[2:] - Vo[:-2]) / (t[2:] - t[:-2])[:, None, None]
    u, v = Uo[1:-1], Vo[1:-1]
    h = u - u * v / (1 + u * u)
    return vt, vt - d * lap9(v) - b * h, d * lap9(v), b * h
rng = np.random.default_rng(0)
for level in (0.0, 0.01):
    Uo = U + level * (U.max() - U.min()) * rng.standard_normal(U.shape)
    Vo = V + level * (V.max() - V.min()) * rng.standard_normal(V.shape)
    for name, bb, dd in (("truth", b, d), ("fit", 0.219008, 0.499213), ("zero", 0.0, 0.0)):
        vt, r, dl, bh = resid(Uo, Vo, bb, dd)
        print(f"noise {level:g} {name:5s} b {bb:8.4f} d {dd:8.4f}: rms v_t {np.sqrt((vt**2).mean()):.4g}  rms R_v {np.sqrt((r**2).mean()):.4g}"
              f"  rms d lap v {np.sqrt((dl**2).mean()):.4g}  rms b h {np.sqrt((bh**2).mean()):.4g}")
print(f"truth b {b:.6g} d {d:.6g} d/b {d/b:.6g}; fit d/b {0.499213/0.219008:.6g}")
