#!/usr/bin/env python3
"""Benchmark: the per-instance physics fit (`fit`, one core) against the time to simulate one
sample (`simulate`, one core) and against the independent numpy/scipy fit of
tests/reference/fit_reference.py, on the same freshly simulated patterns at the config's grid,
for the config's model.kinetics (the other kinetics: also uv_band; their params must be set).

Prints, per sample: simulate's seconds, fit's milliseconds for each variant (its own CPU-time
figure) and the numpy reference's seconds, and the ratios. The fit's target is at most 50 ms per
128x128 sample on one core (issue 10).

usage: bench/bench_fit.py [--config config/config.yaml] [--samples 8] [--rounds 3] [--csv FILE]
"""
import argparse
import csv
import os
import re
import sys
import tempfile
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import append_csv, sh  # noqa: E402


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", default=os.path.join(here, "..", "config", "config.yaml"))
    ap.add_argument("--bin", default=os.path.join(here, "..", "build", "bin"))
    ap.add_argument("--samples", type=int, default=8, help="patterns simulated and fitted")
    ap.add_argument("--reference-samples", type=int, default=3, help="of those, fitted by the numpy reference")
    ap.add_argument("--rounds", type=int, default=3, help="fit repetitions; the best is reported")
    ap.add_argument("--csv", help="append the result row to this CSV")
    a = ap.parse_args()
    cfg = yaml.safe_load(open(a.config))
    n = cfg["grid"]["n"]
    with tempfile.TemporaryDirectory() as d:
        c = os.path.join(d, "c.yaml")
        cfg["simulate"]["fftw_planner"] = "measure"
        yaml.safe_dump(cfg, open(c, "w"))
        sh([f"{a.bin}/sample_params", "--config", c, "--n", str(40 * a.samples), "--out", f"{d}/cand.csv"])
        sh([f"{a.bin}/lsa_filter", "--config", c, "--in", f"{d}/cand.csv", "--out", f"{d}/turing.csv"])
        t0 = time.perf_counter()
        sh([f"{a.bin}/simulate", "--config", c, "--in", f"{d}/turing.csv", "--out", f"{d}/shard.h5", "--count",
            str(a.samples), "--threads", "1"])
        sim_s = (time.perf_counter() - t0) / a.samples
        kinetics = cfg["model"].get("kinetics", "murray")
        gm = kinetics in ("murray", "printed_eq3")
        fit_ms = {}
        variants = [("u", []), ("uv", ["--input", "uv"]), ("u_band", ["--denoise", "band"])]
        if not gm:
            variants.append(("uv_band", ["--input", "uv", "--denoise", "band"]))
        for variant, args in variants:
            best = float("inf")
            for _ in range(a.rounds):
                r = sh([f"{a.bin}/fit", "--config", c, f"{d}/shard.h5", "--out", f"{d}/fit.csv", "--threads", "1"] + args)
                m = re.search(r"([0-9.]+) ms per sample", r.stderr)
                best = min(best, float(m.group(1)))
            fit_ms[variant] = best
        ids = [row["id"] for row in csv.DictReader(open(f"{d}/fit.csv"))][: a.reference_samples]
        # Gierer-Meinhardt's reference searches the (c, delta) box; the others' starts on the whole box.
        names = ["c", "delta"] if gm else ["a", "b", "d"]
        box = ",".join(str(x) for p in names for x in cfg["params"][p])
        ref_s = {}
        for variant in ("u", "uv"):  # its own CPU seconds per sample, fitting alone, as fit's figure is
            r = sh(["/usr/bin/python3", os.path.join(here, "..", "tests", "reference", "fit_reference.py"),
                    f"{d}/shard.h5", "--ids", ",".join(ids), "--input", variant, "--box", box, "--s",
                    str(cfg["model"]["s"]), "--dx", str(cfg["grid"]["dx"])] + ([] if gm else ["--kinetics", kinetics]))
            ref_s[variant] = float(re.search(r"fit_reference: ([0-9.]+) CPU seconds per sample", r.stderr).group(1))
    print(f"{kinetics}, grid {n}x{n}, {a.samples} patterns (numpy reference: {len(ids)}), one core")
    print(f"  simulate              {sim_s:8.3f} s per sample")
    for v, ms in fit_ms.items():
        ref = f"; numpy reference {ref_s[v]:.3f} s, {ref_s[v] / (ms / 1e3):.0f}x slower" if v in ref_s else ""
        print(f"  fit {v:<8}          {ms / 1e3:8.4f} s per sample   ({ms:.1f} ms; {100 * ms / 1e3 / sim_s:.2f}% of "
              f"simulate{ref})")
    if a.csv:
        append_csv(a.csv, "kinetics,grid,samples,simulate_s,fit_u_ms,fit_uv_ms,fit_u_band_ms,fit_uv_band_ms,numpy_fit_u_s,"
                   "numpy_fit_uv_s",
                   f"{kinetics},{n},{a.samples},{sim_s:.4f},{fit_ms['u']:.2f},{fit_ms['uv']:.2f},{fit_ms['u_band']:.2f},"
                   f"{fit_ms.get('uv_band', float('nan')):.2f},{ref_s['u']:.3f},{ref_s['uv']:.3f}")


if __name__ == "__main__":
    main()
