#!/usr/bin/env python3
"""Independent Turing-filter reference (numpy), for cross-checking lsa_filter.

Different algorithms from lib/model/lsa.cpp on purpose: steady states from numpy.roots (companion
matrix eigenvalues) instead of bracketed bisection, the Jacobian by central finite differences
of f and g instead of the closed form, and the lattice scan by numpy.linalg.eigvals of
J - s k^2 D for every lattice shell instead of the closed-form dispersion relation.

usage: lsa_reference.py CANDIDATES.csv TURING.csv --n N --dx DX --s S [--form murray|printed_eq3]
Exits 1 and prints the first disagreement if lsa_filter's accepted set or columns differ.
"""
import argparse
import csv
import sys

import numpy as np


def kinetics(a, b, c, form):
    return (a, b, c) if form == "murray" else (b, a, c)


def f(u, v, p, d, c):
    return p - d * u + u * u / (v * (1.0 + c * u * u))


def g(u, v):
    return u * u - v


def shells(n):
    h = n // 2
    nx = np.arange(0, h + 1)
    m = np.unique((nx[:, None] ** 2 + nx[None, :] ** 2).ravel())
    return m[m > 0]


def classify(a, b, c, delta, n, dx, s, form):
    p, d, c = kinetics(a, b, c, form)
    r = np.roots([d * c, -p * c, d, -(p + 1.0)])
    pos = [x.real for x in r if abs(x.imag) <= 1e-9 * max(1.0, abs(x)) and x.real > 0]
    if len(pos) != 1:
        return None
    u = pos[0]
    v = u * u
    hu, hv = 1e-6 * u, 1e-6 * v
    J = np.array([[(f(u + hu, v, p, d, c) - f(u - hu, v, p, d, c)) / (2 * hu),
                   (f(u, v + hv, p, d, c) - f(u, v - hv, p, d, c)) / (2 * hv)],
                  [(g(u + hu, v) - g(u - hu, v)) / (2 * hu), (g(u, v + hv) - g(u, v - hv)) / (2 * hv)]])
    if not (np.trace(J) < 0 and np.linalg.det(J) > 0):
        return None
    k2 = (2 * np.pi / (n * dx)) ** 2 * shells(n)
    A = J[None, :, :] - s * k2[:, None, None] * np.diag([1.0, delta])[None, :, :]
    lam = np.linalg.eigvals(A).real.max(axis=1)
    i = int(np.argmax(lam))
    return dict(u_star=u, v_star=v, k_max=np.sqrt(k2[i]), lambda_max=lam[i], lam_all=lam)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("candidates")
    ap.add_argument("turing")
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--dx", type=float, required=True)
    ap.add_argument("--s", type=float, required=True)
    ap.add_argument("--form", default="murray")
    args = ap.parse_args()

    ours = {int(r["id"]): r for r in csv.DictReader(open(args.turing))}
    n_cand = n_acc = 0
    for row in csv.DictReader(open(args.candidates)):
        n_cand += 1
        cid = int(row["id"])
        a, b, c, delta = (float(row[k]) for k in ("a", "b", "c", "delta"))
        ref = classify(a, b, c, delta, args.n, args.dx, args.s, args.form)
        accept = ref is not None and ref["lambda_max"] > 0
        # Near-marginal sets (|lambda_max| below finite-difference noise) may fall either way.
        marginal = ref is not None and abs(ref["lambda_max"]) < 1e-7
        if accept != (cid in ours) and not marginal:
            print(f"id {cid}: reference {'accepts' if accept else 'rejects'}, lsa_filter "
                  f"{'accepts' if cid in ours else 'rejects'} (a={a} b={b} c={c} delta={delta})")
            return 1
        if cid in ours and accept:
            n_acc += 1
            o = ours[cid]
            for key, tol in (("u_star", 1e-9), ("v_star", 1e-9), ("lambda_max", 1e-6)):
                if abs(float(o[key]) - ref[key]) > tol * max(1.0, abs(ref[key])):
                    print(f"id {cid}: {key} lsa_filter {o[key]} reference {ref[key]}")
                    return 1
            # k_max may differ only between shells whose growth rates tie to within FD noise.
            if abs(float(o["k_max"]) - ref["k_max"]) > 1e-9:
                k2 = (2 * np.pi / (args.n * args.dx)) ** 2 * shells(args.n)
                j = int(np.argmin(abs(np.sqrt(k2) - float(o["k_max"]))))
                if ref["lambda_max"] - ref["lam_all"][j] > 1e-6:
                    print(f"id {cid}: k_max lsa_filter {o['k_max']} reference {ref['k_max']}")
                    return 1
    print(f"agree: {n_cand} candidates, {n_acc} accepted by both ({100.0 * n_acc / max(n_cand, 1):.3f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
