#!/usr/bin/env python3
"""Benchmark: training throughput (samples/s) of every architecture at 128^2, batch 32, with the
PRESS loss and an Adam step: our LibTorch code (bench_train_step: the library's net, press_loss
and optimiser, as `train` runs them) beside the same model and loss in Python PyTorch (Debian's
python3-torch, the same 1.13 build), side by side in one run, interleaved over --rounds rounds
(best round reported).

Python runs twice: as installed (Debian's default pthreads OpenBLAS and glibc malloc), and with
the two runtime settings our binaries make (the OpenMP OpenBLAS, malloc that keeps freed
blocks; see lib/press/learn/torch_runtime.hpp), which isolates the cost of the language binding.

usage: bench/bench_train.py [--threads 2] [--steps 10] [--rounds 2] [--archs mlp,cnn_l1_none,...] [--csv FILE]
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ARCHS = ["cnn_l1_none", "cnn_l2_dilated", "cnn_l2_maxpool", "cnn_l4_dilated", "cnn_l4_maxpool", "mlp"]
OPENMP_BLAS = "/usr/lib/x86_64-linux-gnu/openblas-openmp"
TUNED = {"LD_LIBRARY_PATH": OPENMP_BLAS, "MALLOC_MMAP_THRESHOLD_": "4294967296", "MALLOC_TRIM_THRESHOLD_": "4294967296"}


def run(cmd, env_extra=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    m = re.search(r"samples_per_s=([0-9.eE+-]+) blas=(\S+)", out)
    if not m:
        sys.exit(f"bench: cannot parse: {out}")
    return float(m.group(1)), m.group(2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "build", "bin"))
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--grid", type=int, default=128)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--lambda", dest="lam", type=float, default=0.1)
    ap.add_argument("--archs", default=",".join(ARCHS))
    ap.add_argument("--csv", help="write the table to this CSV")
    a = ap.parse_args()
    common = ["--grid", str(a.grid), "--batch", str(a.batch), "--steps", str(a.steps), "--threads", str(a.threads),
              "--lambda", str(a.lam)]
    py = [sys.executable if sys.executable.startswith("/usr/bin") else "/usr/bin/python3",
          os.path.join(HERE, "torch_reference.py")]
    rows, blas = [], {}
    print(f"training throughput, {a.grid}x{a.grid}, batch {a.batch}, lambda {a.lam}, {a.threads} threads, "
          f"best of {a.rounds} rounds of {a.steps} steps", file=sys.stderr)
    for arch in a.archs.split(","):
        best = {"libtorch": 0.0, "pytorch": 0.0, "pytorch_tuned": 0.0}
        for _ in range(a.rounds):
            for key, cmd, env in (("libtorch", [os.path.join(a.bin, "bench_train_step")], None),
                                  ("pytorch", py, None), ("pytorch_tuned", py, TUNED)):
                sps, lib = run(cmd + ["--arch", arch] + common, env)
                best[key] = max(best[key], sps)
                blas[key] = lib
        rows.append((arch, best["libtorch"], best["pytorch"], best["pytorch_tuned"]))
        print(f"  {arch:15s} done", file=sys.stderr)
    header = "arch,libtorch_samples_per_s,pytorch_samples_per_s,ratio,pytorch_tuned_samples_per_s,ratio_tuned"
    lines = [header] + [f"{r[0]},{r[1]:.1f},{r[2]:.1f},{r[1] / r[2]:.2f},{r[3]:.1f},{r[1] / r[3]:.2f}" for r in rows]
    print(f"{'arch':16s}{'LibTorch':>10s}{'PyTorch':>10s}{'ratio':>8s}{'PyTorch*':>10s}{'ratio*':>8s}   (samples/s)")
    for r in rows:
        print(f"{r[0]:16s}{r[1]:10.1f}{r[2]:10.1f}{r[1] / r[2]:8.2f}{r[3]:10.1f}{r[1] / r[3]:8.2f}")
    print("* PyTorch with our runtime settings (OpenMP OpenBLAS, malloc keeps freed blocks)")
    for k, v in blas.items():
        print(f"BLAS in use, {k}: {v}")
    if a.csv:
        with open(a.csv, "w") as f:
            f.write("\n".join(lines) + "\n")
    slow = [r[0] for r in rows if r[1] < r[2]]
    if slow:
        print(f"LibTorch slower than PyTorch for: {', '.join(slow)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
