#!/usr/bin/env python3
"""Independent numpy reference for simulate's explicit Euler 9-point integrator (integrator:
euler9) on Gray-Scott, written from the NCA paper's equations (NCA.md), not from press's code:
the initial rectangles from the config, np.roll for the periodic stencil, float64 throughout.
Compares every saved frame of every sample of a shard; exits 1 on a disagreement.

Usage: euler_reference.py CONFIG SHARD [--rtol R]"""
import argparse
import sys

import h5py
import numpy as np
import yaml


def lap9(x):
    r = lambda a, b: np.roll(np.roll(x, a, 0), b, 1)
    return 0.25 * (r(1, 1) + r(1, -1) + r(-1, 1) + r(-1, -1) + 2 * (r(1, 0) + r(-1, 0) + r(0, 1) + r(0, -1)) - 12 * x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("config")
    ap.add_argument("shard")
    ap.add_argument("--rtol", type=float, default=1e-12)
    a = ap.parse_args()
    cfg = yaml.safe_load(open(a.config))
    sim, n, dx, s = cfg["simulate"], cfg["grid"]["n"], cfg["grid"]["dx"], cfg["model"]["s"]
    f = h5py.File(a.shard, "r")
    every, times = int(f.attrs["frame_every"]), f["frame_times"][:]
    worst = 0.0
    for row, (sid, (F, k, d)) in enumerate(zip(f["id"][:], f["params"][:])):
        A, B = np.ones((n, n)), np.zeros((n, n))  # the homogeneous state (1, 0)
        for r0, r1, c0, c1 in sim["rectangles"][int(sid) % len(sim["rectangles"])]:
            A[r0:r1, c0:c1], B[r0:r1, c0:c1] = sim["rectangle_value"]
        Da, Db = s / dx**2, s * d / dx**2
        frames = [(A.copy(), B.copy())]
        for step in range(1, int(round(sim["t_max"] / sim["dt"])) + 1):
            reaction = A * B * B
            A, B = (A + sim["dt"] * (Da * lap9(A) - reaction + F * (1 - A)),
                    B + sim["dt"] * (Db * lap9(B) + reaction - (F + k) * B))
            if step % every == 0:
                frames.append((A.copy(), B.copy()))
        if len(frames) != len(times):
            print(f"FAIL id {sid}: {len(frames)} reference frames, shard has {len(times)}")
            return 1
        for m, (ra, rb) in enumerate(frames):
            for name, ref in (("frames_u", ra), ("frames_v", rb)):
                got = f[name][row, m]
                err = np.max(np.abs(got - ref)) / max(np.max(np.abs(ref)), 1e-300)
                worst = max(worst, err)
                if not err <= a.rtol:
                    print(f"FAIL id {sid} frame {m} (t = {times[m]}) {name}: relative error {err:.3e} > {a.rtol:g}")
                    return 1
        if not np.allclose(f["u"][row], frames[-1][0], rtol=0, atol=a.rtol * np.max(np.abs(frames[-1][0]))):
            print(f"FAIL id {sid}: the final u is not the last frame")
            return 1
    print(f"ok: {len(f['id'])} samples x {len(times)} frames agree; worst relative error {worst:.2e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
