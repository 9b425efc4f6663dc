#!/usr/bin/env python3
"""An independent integration of binn_data's fine simulation, to check it (tests/cli/binn_data.sh).

Reads the settings from a binn_data file's attributes, writes the semi-discretisation afresh in
numpy (the flux form (D_c + D_k)/2 (u_k - u_c)/h^2 over the four neighbours; no-flux walls by
np.pad's mirror 'reflect' of u and D, periodic by 'wrap'), integrates it with scipy's solve_ivp
(DOP853, rtol 1e-12, atol 1e-14) to the file's frame times and compares the observed points with
the file's u_clean. Prints "max abs diff X; rel Y" and exits 1 when X exceeds --atol.

Usage: density_reference.py data.h5 --atol 1e-8
"""
import argparse
import sys

import h5py
import numpy as np
from scipy.integrate import solve_ivp


def law(form, c):
    if form == "constant":
        return lambda u: np.full_like(u, c[0])
    if form == "linear":
        return lambda u: c[0] + c[1] * u
    if form == "quadratic":
        return lambda u: c[0] + c[1] * u ** 2
    if form == "saturating":
        return lambda u: c[0] + c[1] * (1 - np.exp(-c[2] * u))
    if form == "power":
        return lambda u: np.where(u > 0, c[0] * np.abs(u) ** c[1], 0.0)
    sys.exit(f"unknown form {form}")


def coefs(attrs, name):
    return [float(attrs[f"{name}_c{k}"]) for k in range(3) if f"{name}_c{k}" in attrs]


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--atol", type=float, required=True)
    a = ap.parse_args()
    with h5py.File(a.data, "r") as f:
        at = dict(f.attrs)
        t = f["t"][:]
        x = f["x"][:]
        clean = f["u_clean"][:]
    D = law(text(at["diffusion_form"]), coefs(at, "diffusion"))
    G = law(text(at["growth_form"]), coefs(at, "growth"))
    n, L, amp = int(at["fine_n"]), float(at["length"]), float(at["amplitude"])
    noflux = text(at["boundary"]) == "noflux"
    h = L / (n - 1) if noflux else L / n
    xs = np.arange(n) * h
    mode = "reflect" if noflux else "wrap"
    c2 = np.cos(np.pi * (xs - L / 2) / L) ** 2
    u0 = amp * np.outer(c2, c2)

    def rhs(_, y):
        u = y.reshape(n, n)
        d = D(u)
        up, dp = np.pad(u, 1, mode=mode), np.pad(d, 1, mode=mode)
        flux = np.zeros_like(u)
        for si, sj in ((0, 1), (2, 1), (1, 0), (1, 2)):
            uk = up[si:si + n, sj:sj + n]
            dk = dp[si:si + n, sj:sj + n]
            flux += (d + dk) / 2 * (uk - u)
        return (flux / h ** 2 + G(u) * u).ravel()

    # Frame to frame, each end an integration's own end (t_eval would interpolate, to about 1e-9).
    y, frames = u0.ravel(), [u0]
    for t0, t1 in zip(t[:-1], t[1:]):
        sol = solve_ivp(rhs, (t0, t1), y, method="DOP853", rtol=1e-12, atol=1e-14)
        if not sol.success:
            sys.exit(f"solve_ivp failed: {sol.message}")
        y = sol.y[:, -1]
        frames.append(y.reshape(n, n))
    idx = np.rint(x / h).astype(int)
    ref = np.array(frames)[:, idx][:, :, idx]
    diff = np.abs(ref - clean).max()
    print(f"max abs diff {diff:.3g}; rel {diff / np.abs(ref).max():.3g} over {len(t)} frames of {len(x)}x{len(x)}")
    sys.exit(0 if diff <= a.atol else 1)


if __name__ == "__main__":
    main()
