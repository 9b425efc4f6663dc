#!/usr/bin/env python3
"""Benchmark: `simulate` (FFTW, one core) against a numpy implementation of the same scheme,
side by side in one run on the same parameter sets, plus the share of simulate's step spent in
its FFTs (bench_fft_cost, same plans and wisdom). With --gpu, also the cuFFT solver.

The three measurements are interleaved over --rounds rounds and the best round of each is
reported (with the median), so a burst of load from other tenants does not skew the ratios.

usage: bench/bench_simulate.py [--config config/config.yaml] [--samples 2] [--steps 1000] [--rounds 5]
"""
import argparse
import csv
import os
import re
import sys
import tempfile
import time

import numpy as np
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy_reference  # noqa: E402
from bench_common import append_csv, sh  # noqa: E402


def us_per_step(stderr, unit="thread"):
    """simulate's summary: cpu "X us/step/thread" (wall x threads), gpu "X us/step/sample" (wall)."""
    m = re.search(r"([0-9.]+(?:e[+-]?[0-9]+)?) us/step/" + unit, stderr)
    if not m:
        sys.exit(f"bench: could not parse simulate's summary:\n{stderr}")
    return float(m.group(1))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", default=os.path.join(here, "..", "config", "config.yaml"))
    ap.add_argument("--bin", default=os.path.join(here, "..", "build", "bin"))
    ap.add_argument("--samples", type=int, default=2, help="parameter sets (first rows of turing.csv)")
    ap.add_argument("--steps", type=int, default=1000, help="steps per sample for simulate")
    ap.add_argument("--numpy-steps", type=int, default=100, help="steps per sample for numpy (cost/step is constant)")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved repetitions; the best is reported")
    ap.add_argument("--gpu", action="store_true", help="also time simulate --solver gpu")
    ap.add_argument("--gpu-samples", type=int, default=512)
    ap.add_argument("--csv", help="append the result row to this CSV")
    a = ap.parse_args()

    cfg = yaml.safe_load(open(a.config))
    n, dx, s, dt = cfg["grid"]["n"], cfg["grid"]["dx"], cfg["model"]["s"], cfg["simulate"]["dt"]
    sigma, vf = cfg["simulate"]["noise_sigma"], cfg["model"]["v_floor"]
    prec = cfg["simulate"]["precision"]
    dtype = np.float32 if prec == "float32" else np.float64
    b = a.bin
    with tempfile.TemporaryDirectory() as tmp:
        cand, turing, rows_csv, wis = (os.path.join(tmp, x) for x in ("c.csv", "t.csv", "r.csv", "w.wisdom"))
        need = max(a.samples, a.gpu_samples if a.gpu else 0)
        sh([f"{b}/sample_params", "--config", a.config, "--n", str(max(20000, 40 * need)), "--out", cand])
        sh([f"{b}/lsa_filter", "--config", a.config, "--in", cand, "--out", turing])
        rows = list(csv.DictReader(open(turing)))
        with open(rows_csv, "w") as f:
            f.write(open(turing).readline())
            for r in rows[:a.samples]:
                f.write(",".join(r.values()) + "\n")
        sh([f"{b}/simulate", "--config", a.config, "--plan-only", "--wisdom", wis])
        common = ["--config", a.config, "--t-max", repr(a.steps * dt), "--early-stop", "false"]
        params = [{k: float(v) for k, v in r.items()} for r in rows[:a.samples]]
        ours, fft, ref = [], [], []
        for _ in range(a.rounds):
            out = sh([f"{b}/simulate", *common, "--in", rows_csv, "--out", os.path.join(tmp, "s.h5"),
                      "--threads", "1", "--wisdom", wis])
            ours.append(us_per_step(out.stderr))
            fft.append(float(sh([f"{b}/bench_fft_cost", "--config", a.config, "--wisdom", wis]).stdout))
            t0 = time.perf_counter()
            for i, row in enumerate(params):
                numpy_reference.run(row, n, dx, s, dt, a.numpy_steps, sigma, vf, dtype, seed=i)
            ref.append(1e6 * (time.perf_counter() - t0) / (a.samples * a.numpy_steps))
        med = {k: float(np.median(v)) for k, v in (("ours", ours), ("fft", fft), ("ref", ref))}
        ours, fft, ref = min(ours), min(fft), min(ref)

        gpu = None
        if a.gpu:
            # One host thread: the solver runs on the device, and the figure is its wall time per
            # sample-step (the CUDA context and cuFFT's loading are outside the timed run).
            out = sh([f"{b}/simulate", *common, "--in", turing, "--count", str(a.gpu_samples),
                      "--out", os.path.join(tmp, "g.h5"), "--solver", "gpu", "--threads", "1"])
            gpu = us_per_step(out.stderr, "sample")

    print(f"press bench: {n}x{n} {prec}, {a.samples} parameter sets; simulate {a.steps} steps each, "
          f"numpy {a.numpy_steps} steps each; one core; best of {a.rounds} interleaved rounds (median)")
    print(f"  simulate (FFTW)  {ours:10.1f} us/step  ({med['ours']:.1f})")
    print(f"  numpy reference  {ref:10.1f} us/step  ({med['ref']:.1f})")
    print(f"  speed-up         {ref / ours:10.1f} x        ({med['ref'] / med['ours']:.1f}x)   target >= 5x per core")
    print(f"  FFTs alone       {fft:10.1f} us/step  ({med['fft']:.1f}) -> FFT share of the step "
          f"{100 * fft / ours:.1f}% ({100 * med['fft'] / med['ours']:.1f}%)   target >= 85%")
    if gpu is not None:
        print(f"  simulate (cuFFT) {gpu:10.4g} us/step/sample over {a.gpu_samples} samples "
              f"-> {ours / gpu:.4g}x one CPU core")
    if a.csv:
        append_csv(a.csv, "grid,precision,simulate_us,numpy_us,speedup,fft_us,fft_share,gpu_us_per_sample",
                   f"{n},{prec},{ours:.2f},{ref:.2f},{ref / ours:.2f},{fft:.2f},{fft / ours:.4f},"
                   f"{'' if gpu is None else f'{gpu:.4f}'}")


if __name__ == "__main__":
    main()
