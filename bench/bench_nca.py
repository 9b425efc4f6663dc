#!/usr/bin/env python3
"""Benchmark: NCA training throughput (sample-steps/s: one NCA step of one sample, forward and
backward) of train_nca's step (bench_nca_step: lib/dynamics as train_nca runs it, channels_last)
beside the same model, loss and optimiser in Python PyTorch (bench/nca_reference.py; Debian's
python3-torch, the same 1.13 build) three ways: as it comes (NCHW, default runtime), PyTorch* with
our runtime settings (bench_train.TUNED: OpenMP OpenBLAS, malloc keeps freed blocks), and
PyTorch* in channels_last (the layout ours uses). Interleaved over --rounds rounds, best round
reported. At the paper's scale (64^2, batch 64, t = 32) one epoch is 4096 sample-steps, so
epochs/hour = 3600 x rate / 4096.

usage: bench/bench_nca.py [--threads 1] [--grid 64] [--batch 64] [--t 32] [--rounds 2] [--csv FILE]
"""
import argparse
import os
import re
import subprocess
import sys

from bench_train import TUNED

HERE = os.path.dirname(os.path.abspath(__file__))


def rate(cmd, env_extra=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    m = re.search(r"nca_steps_per_s=([0-9.eE+-]+)", out)
    if not m:
        sys.exit(f"bench_nca: cannot parse: {out}")
    return float(m.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "build", "bin"))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--grid", type=int, default=64)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--t", type=int, default=32)
    ap.add_argument("--steps", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--csv")
    a = ap.parse_args()
    args = ["--grid", str(a.grid), "--batch", str(a.batch), "--t", str(a.t), "--threads", str(a.threads),
            "--steps", str(a.steps)]
    py = ["/usr/bin/python3", os.path.join(HERE, "nca_reference.py")] + args
    runs = (("libtorch", "LibTorch", [os.path.join(a.bin, "bench_nca_step")] + args, None),
            ("pytorch", "PyTorch", py, None),
            ("pytorch_tuned", "PyTorch*", py, TUNED),
            ("pytorch_tuned_channels_last", "PyTorch* NHWC", py + ["--channels-last"], TUNED))
    best = {key: 0.0 for key, *_ in runs}
    for _ in range(a.rounds):
        for key, _, cmd, env in runs:
            best[key] = max(best[key], rate(cmd, env))
    epoch = a.batch * a.t * 2  # the paper: 128 transitions x t = 32
    print(f"NCA training, {a.grid}x{a.grid}, batch {a.batch}, t {a.t}, {a.threads} thread(s), best of {a.rounds}")
    print(f"{'':15s}{'steps/s':>10s}{'s/epoch':>10s}{'h/4000 ep':>11s}{'ours/this':>11s}")
    for key, name, *_ in runs:
        r = best[key]
        print(f"{name:15s}{r:10.1f}{epoch / r:10.2f}{4000 * epoch / r / 3600:11.2f}{best['libtorch'] / r:11.2f}")
    print("* PyTorch with our runtime settings (OpenMP OpenBLAS, malloc keeps freed blocks)")
    if a.csv:
        with open(a.csv, "w") as f:
            f.write("impl,nca_steps_per_s\n" + "".join(f"{k},{best[k]:.1f}\n" for k, *_ in runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
