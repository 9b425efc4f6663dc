#!/usr/bin/env python3
"""Independent per-instance physics fit (numpy/scipy), for cross-checking the `fit` tool.

Different code paths from lib/fit/fit.cpp and fit_lm.cpp on purpose: numpy's complex FFT instead
of FFTW's real one, the Laplacian symbol built with numpy.fft.fftfreq, the reaction terms written
out here again, and scipy's optimisers instead of NLopt's BOBYQA and our Levenberg-Marquardt.

Gierer-Meinhardt, Murray form (NOTES 1): R_u = s Lap(u) + a - b u + u^2 / (max(v, floor)(1 + c u^2)).
  u alone: v = (1 - s delta Lap)^-1 u^2, (a, b) linear (numpy.linalg.lstsq), (c, delta) by a
           nested search: the profile min_c J(c, delta) over log delta, each 1-D search a 12-point
           log grid, then scipy's bounded Brent between the best point's neighbours
  u and v:  delta from R_v in closed form, (a, b) linear, c by a 1-D search
The other kinetics (--kinetics schnakenberg | brusselator | lengyel_epstein; D = (1, d)):
  scipy.optimize.least_squares (trust-region reflective, unbounded, x_scale 1) on log theta over
  the pixels' (R_u, R_v), from the best point of a 6-point-per-parameter log grid over --box
  u and v:  the given fields
  u alone:  v = -(f(u, 0) + Lap u) / (f(u, 1) - f(u, 0)) from R_u = 0 (f is affine in v)
  Lengyel-Epstein's R_v is homogeneous in (b, d) (only d/b is determined, docs/kinetics.md):
  b is held at its box's log centre and (a, d) fitted; unheld, least squares runs to b, d -> 0,
  where R_v vanishes for any a.

usage: fit_reference.py DATASET.h5 --ids 3,17,42 [--input u|uv] [--laplacian spectral|fd]
                        [--kinetics murray|schnakenberg|brusselator|lengyel_epstein]
                        [--box c_lo,c_hi,d_lo,d_hi | a_lo,a_hi,b_lo,b_hi,d_lo,d_hi]
                        [--s 0.4] [--dx 1] [--floor 1e-6]
Prints a CSV: id,<parameters>,residual (residual = mean R_u^2 + R_v^2); on stderr, the CPU seconds
per sample of the fitting alone.
"""
import argparse
import sys
import time

import h5py
import numpy as np
from scipy.optimize import least_squares, minimize_scalar


def symbol(n, dx, kind):
    k = 2 * np.pi * np.fft.fftfreq(n, d=dx)
    kx, ky = np.meshgrid(k, k, indexing="ij")
    if kind == "spectral":
        return -(kx ** 2 + ky ** 2)
    return (2 * np.cos(kx * dx) + 2 * np.cos(ky * dx) - 4) / dx ** 2


def lap(x, L):
    return np.real(np.fft.ifft2(L * np.fft.fft2(x)))


def ls_ab(u, v, lu, c, s, floor):
    h = s * lu + u ** 2 / (np.maximum(v, floor) * (1 + c * u ** 2))
    A = np.stack([np.ones(u.size), -u.ravel()], axis=1)
    (a, b), *_ = np.linalg.lstsq(A, -h.ravel(), rcond=None)
    r = h + a - b * u
    return a, b, np.mean(r ** 2)


def search(f, lo, hi, points=12):
    """min of f over [lo, hi]: a grid, then bounded Brent between the best point's neighbours."""
    xs = np.linspace(lo, hi, points)
    i = int(np.argmin([f(x) for x in xs]))
    res = minimize_scalar(f, bounds=(xs[max(i - 1, 0)], xs[min(i + 1, points - 1)]), method="bounded",
                          options=dict(xatol=1e-11, maxiter=500))
    return res.x


def fit_u(u, L, box, s, floor):
    lu = lap(u, L)
    u2h = np.fft.fft2(u * u)

    def v_of(delta):
        return np.real(np.fft.ifft2(u2h / (1 - s * delta * L)))

    clo, chi = np.log(box[0]), np.log(box[1])

    def best_c(v):
        return np.exp(search(lambda x: ls_ab(u, v, lu, np.exp(x), s, floor)[2], clo, chi))

    def profile(x):
        v = v_of(np.exp(x))
        return ls_ab(u, v, lu, best_c(v), s, floor)[2]

    delta = np.exp(search(profile, np.log(box[2]), np.log(box[3])))
    v = v_of(delta)
    c = best_c(v)
    a, b, jr = ls_ab(u, v, lu, c, s, floor)
    return a, b, c, delta, jr


def fit_uv(u, v, L, box, s, floor):
    lu, lv = lap(u, L), lap(v, L)
    q = s * lv
    delta = np.sum(q * (v - u * u)) / np.sum(q * q)
    rv = np.mean((delta * q + u * u - v) ** 2)
    c = np.exp(search(lambda x: ls_ab(u, v, lu, np.exp(x), s, floor)[2], np.log(box[0]), np.log(box[1])))
    a, b, jr = ls_ab(u, v, lu, c, s, floor)
    return a, b, c, delta, jr + rv


# f(u, v) and g(u, v) of theta = (a, b, d), written out (D_u = 1, D_v = d).
REACTIONS = {
    "schnakenberg": (lambda u, v, a, b: a - u + u * u * v, lambda u, v, a, b: b - u * u * v),
    "brusselator": (lambda u, v, a, b: a - (b + 1) * u + u * u * v, lambda u, v, a, b: b * u - u * u * v),
    "lengyel_epstein": (lambda u, v, a, b: a - u - 4 * u * v / (1 + u * u),
                        lambda u, v, a, b: b * (u - u * v / (1 + u * u))),
}


def fit_other(kinetics, u, v, L, box):
    """(a, b, d) by least squares on log theta; v None: v from R_u = 0."""
    f, g = REACTIONS[kinetics]
    lu = lap(u, L)
    lv_given = None if v is None else lap(v, L)

    def fields(th):
        a, b, d = th
        if v is None:
            f0 = f(u, 0.0, a, b)
            w = -(f0 + lu) / (f(u, 1.0, a, b) - f0)
            return w, lap(w, L)
        return v, lv_given

    lo, hi = np.log(box[0::2]), np.log(box[1::2])
    held = kinetics == "lengyel_epstein"
    free = [0, 2] if held else [0, 1, 2]

    def theta(y):
        x = 0.5 * (lo + hi)
        x[free] = y
        return np.exp(x)

    def res(y):
        a, b, d = theta(y)
        w, lw = fields((a, b, d))
        return np.concatenate([(lu + f(u, w, a, b)).ravel(), (d * lw + g(u, w, a, b)).ravel()])

    grid = [np.linspace(lo[j], hi[j], 6) for j in free]
    starts = np.stack(np.meshgrid(*grid, indexing="ij"), axis=-1).reshape(-1, len(free))
    with np.errstate(all="ignore"):
        costs = [np.mean(res(y) ** 2) for y in starts]
    y0 = starts[int(np.nanargmin(costs))]
    sol = least_squares(res, y0, method="trf", xtol=1e-14, ftol=1e-15, gtol=1e-15, max_nfev=5000)
    a, b, d = theta(sol.x)
    return a, b, d, np.sum(res(sol.x) ** 2) / u.size


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("--ids", required=True)
    ap.add_argument("--input", default="u", choices=["u", "uv"])
    ap.add_argument("--laplacian", default="spectral", choices=["spectral", "fd"])
    ap.add_argument("--kinetics", default="murray", choices=["murray"] + sorted(REACTIONS))
    ap.add_argument("--box", help="Gierer-Meinhardt: c_lo,c_hi,d_lo,d_hi (default 0.02,7,20,200); others: "
                    "a_lo,a_hi,b_lo,b_hi,d_lo,d_hi (the start grid; required)")
    ap.add_argument("--s", type=float, default=0.4)
    ap.add_argument("--dx", type=float, default=1.0)
    ap.add_argument("--floor", type=float, default=1e-6)
    a = ap.parse_args()
    gm = a.kinetics == "murray"
    if not gm and not a.box:
        ap.error("--box a_lo,a_hi,b_lo,b_hi,d_lo,d_hi is required for " + a.kinetics)
    box = [float(x) for x in (a.box or "0.02,7,20,200").split(",")]
    cpu, fitted = 0.0, 0
    with h5py.File(a.dataset, "r") as f:
        ids = list(f["id"][:])
        print("id,a,b,c,delta,residual" if gm else "id,a,b,d,residual")
        for want in (int(x) for x in a.ids.split(",")):
            r = ids.index(want)
            u = f["u"][r].astype(np.float64)
            L = symbol(u.shape[0], a.dx, a.laplacian)
            t0 = time.process_time()
            if not gm:
                out = fit_other(a.kinetics, u, f["v"][r].astype(np.float64) if a.input == "uv" else None, L, box)
            elif a.input == "u":
                out = fit_u(u, L, box, a.s, a.floor)
            else:
                out = fit_uv(u, f["v"][r].astype(np.float64), L, [box[0], box[1]], a.s, a.floor)
            cpu += time.process_time() - t0
            print(f"{want}," + ",".join(f"{x:.12g}" for x in out))
            sys.stdout.flush()
            fitted += 1
    # the fitting alone, as `fit` reports its own (no interpreter start-up, imports or file reads)
    print(f"fit_reference: {cpu / max(fitted, 1):.6f} CPU seconds per sample", file=sys.stderr)


if __name__ == "__main__":
    main()
