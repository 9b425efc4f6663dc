#!/usr/bin/env python3
"""Check a simulate shard against the DESIGN contract with h5py (independent of lib/shard_io).

usage: check_shard.py SHARD.h5 TURING.csv --first I --count N --grid G
"""
import argparse
import csv
import sys

import h5py
import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shard")
    ap.add_argument("turing")
    ap.add_argument("--first", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--grid", type=int, required=True)
    a = ap.parse_args()
    rows = list(csv.DictReader(open(a.turing)))[a.first:a.first + a.count]
    errors = []
    with h5py.File(a.shard, "r") as f:
        n, g = len(rows), a.grid
        for name, shape in (("id", (n,)), ("params", (n, 4)), ("u", (n, g, g)), ("v", (n, g, g)),
                            ("steps", (n,)), ("max_dudt", (n,)), ("max_dvdt", (n,)), ("status", (n,))):
            if f[name].shape != shape:
                errors.append(f"{name}: shape {f[name].shape}, expected {shape}")
        if f["u"].dtype != np.float32:
            errors.append(f"u dtype {f['u'].dtype}")
        ids = f["id"][:]
        if list(ids) != [int(r["id"]) for r in rows]:
            errors.append(f"ids {list(ids)}")
        p = f["params"][:]
        want = np.array([[float(r[k]) for k in ("a", "b", "c", "delta")] for r in rows])
        if not np.array_equal(p, want):
            errors.append("params differ from turing.csv")
        names = h5py.check_enum_dtype(f["status"].dtype)
        if names != {"ok": 0, "blowup": 1, "homogeneous": 2}:
            errors.append(f"status enum {names}")
        for k in ("grid", "dx", "s", "dt", "t_max", "noise_sigma", "seed", "precision", "solver", "press_version"):
            if k not in f.attrs:
                errors.append(f"attribute {k} missing")
        if f.attrs["grid"] != g:
            errors.append(f"grid attr {f.attrs['grid']}")
        u = f["u"][:]
        if not np.isfinite(u).all():
            errors.append("non-finite u")
        # Mean of each field starts at u* and the domain mean of u stays O(u*): a sanity anchor.
        ustar = np.array([float(r["u_star"]) for r in rows])
        if np.any(u.mean(axis=(1, 2)) <= 0) or np.any(ustar <= 0):
            errors.append("non-positive mean u")
        steps = f["steps"][:]
        if np.any(steps < 1) or np.any(steps > f.attrs["max_steps"]):
            errors.append(f"steps {steps}")
    for e in errors:
        print("check_shard:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
