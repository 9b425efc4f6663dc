#!/usr/bin/env python3
"""Independent per-instance physics fit (numpy/scipy), for cross-checking the `fit` tool.

Different code paths from lib/fit/fit.cpp on purpose: numpy's complex FFT instead of FFTW's real
one, the Laplacian symbol built with numpy.fft.fftfreq, (a, b) by numpy.linalg.lstsq instead of
closed-form normal equations, and scipy's bounded Brent search (minimize_scalar) between the
neighbours of the best point of a 12-point log grid instead of NLopt's BOBYQA from an 8-point
one. Murray kinetics (NOTES 1): R_u = s Lap(u) + a - b u + u^2 / (max(v, floor)(1 + c u^2)).
  u alone: v = (1 - s delta Lap)^-1 u^2, (a, b) linear, (c, delta) by a nested search: the
           profile min_c J(c, delta) over log delta (a 2-D simplex stalls in J's curved valley)
  u and v:  delta from R_v in closed form, (a, b) linear, c by a 1-D search

usage: fit_reference.py DATASET.h5 --ids 3,17,42 [--input u|uv] [--laplacian spectral|fd]
                        [--box c_lo,c_hi,d_lo,d_hi] [--s 0.4] [--dx 1] [--floor 1e-6]
Prints a CSV: id,a,b,c,delta,residual (residual = mean R_u^2 + R_v^2).
"""
import argparse
import sys

import h5py
import numpy as np
from scipy.optimize import minimize_scalar


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("--ids", required=True)
    ap.add_argument("--input", default="u", choices=["u", "uv"])
    ap.add_argument("--laplacian", default="spectral", choices=["spectral", "fd"])
    ap.add_argument("--box", default="0.02,7,20,200")
    ap.add_argument("--s", type=float, default=0.4)
    ap.add_argument("--dx", type=float, default=1.0)
    ap.add_argument("--floor", type=float, default=1e-6)
    a = ap.parse_args()
    box = [float(x) for x in a.box.split(",")]
    with h5py.File(a.dataset, "r") as f:
        ids = list(f["id"][:])
        print("id,a,b,c,delta,residual")
        for want in (int(x) for x in a.ids.split(",")):
            r = ids.index(want)
            u = f["u"][r].astype(np.float64)
            L = symbol(u.shape[0], a.dx, a.laplacian)
            if a.input == "u":
                out = fit_u(u, L, box, a.s, a.floor)
            else:
                out = fit_uv(u, f["v"][r].astype(np.float64), L, [box[0], box[1]], a.s, a.floor)
            print(f"{want}," + ",".join(f"{x:.12g}" for x in out))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
