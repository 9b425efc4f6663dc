#!/usr/bin/env python3
"""Benchmark: training throughput (samples/s) of every architecture at 128^2, batch 32, with the
PRESS loss and an Adam step: our LibTorch code (bench_train_step: the library's net, press_loss
and optimiser, as `train` runs them) beside the same model and loss in Python PyTorch (Debian's
python3-torch, the same 1.13 build), side by side in one run, interleaved over --rounds rounds
(best round reported).

Per core: one thread by default, as the grid's trainings run (independent one-thread jobs). The
table adds each architecture's FLOPs per trained sample (convolutions and linear layers counted
analytically: forward, plus backward's weight and input gradients, i.e. 3x forward less the
first layer's input gradient; activations, pooling, the physics loss and Adam are not counted),
the GFLOP/s that achieves, and the paper grid's predicted core-hours (config/config.yaml's
archs x lambdas x pools, train.epochs epochs of 3/4 of each pool, plus validation on the other
1/4 at a third of a training sample's cost).

Python runs twice: as installed (Debian's default pthreads OpenBLAS and glibc malloc), and with
the two runtime settings our binaries make (the OpenMP OpenBLAS, malloc that keeps freed
blocks; see lib/press/learn/torch_runtime.hpp), which isolates the cost of the language binding.

--before DIR adds another build's bench_train_step (say, the previous commit's bin/), interleaved
in the same rounds: the speed-up of a change, measured side by side on the same machine state.

usage: bench/bench_train.py [--threads 1] [--steps 10] [--rounds 2] [--archs mlp,cnn_l1_none,...] [--csv FILE]
                            [--before DIR]
"""
import argparse
import os
import re
import subprocess
import sys

import yaml

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


def train_flops(arch, grid=128):
    """FLOPs of one trained sample (forward + backward) of torch_reference's net (lib/learn/net.cpp's),
    read off its convolutions and linear layers in one forward pass."""
    import torch
    sys.path.insert(0, HERE)
    from torch_reference import make_net
    layers = []  # forward FLOPs per layer, in order

    def count(m, _, out):
        if isinstance(m, torch.nn.Conv2d):
            layers.append(2 * m.in_channels * m.out_channels * m.kernel_size[0] * m.kernel_size[1] * out.shape[-2] * out.shape[-1])
        else:
            layers.append(2 * m.in_features * m.out_features)

    net = make_net(arch, grid)
    for m in net.modules():
        if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
            m.register_forward_hook(count)
    with torch.no_grad():
        net(torch.zeros(1, 1, grid, grid))
    return 3 * sum(layers) - layers[0]


def grid_core_hours(samples_per_s, config):
    """Core-hours of config's training grid at the given per-core throughput of each arch."""
    c = yaml.safe_load(open(config))
    t, pools = c["train"], c["split"]["pools"]
    samples = t["epochs"] * sum(0.75 * p + 0.25 * p / 3 for p in pools) * len(t["lambdas"])
    return {a: samples / samples_per_s[a] / 3600 for a in t["archs"] if a in samples_per_s}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "build", "bin"))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--grid", type=int, default=128)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--lambda", dest="lam", type=float, default=0.1)
    ap.add_argument("--archs", default=",".join(ARCHS))
    ap.add_argument("--csv", help="write the table to this CSV")
    ap.add_argument("--before", help="another build's bin/ directory, run beside ours (columns before, speedup)")
    ap.add_argument("--config", default=os.path.join(HERE, "..", "config", "config.yaml"),
                    help="the grid whose core-hours are predicted")
    a = ap.parse_args()
    for d in filter(None, (a.bin, a.before)):
        if not os.access(os.path.join(d, "bench_train_step"), os.X_OK):
            sys.exit(f"bench_train.py: {os.path.join(d, 'bench_train_step')}: no such executable (expected a build's bin/)")
    common = ["--grid", str(a.grid), "--batch", str(a.batch), "--steps", str(a.steps), "--threads", str(a.threads),
              "--lambda", str(a.lam)]
    py = [sys.executable if sys.executable.startswith("/usr/bin") else "/usr/bin/python3",
          os.path.join(HERE, "torch_reference.py")]
    rows, blas = [], {}
    print(f"training throughput, {a.grid}x{a.grid}, batch {a.batch}, lambda {a.lam}, {a.threads} threads, "
          f"best of {a.rounds} rounds of {a.steps} steps", file=sys.stderr)
    for arch in a.archs.split(","):
        best = {"libtorch": 0.0, "pytorch": 0.0, "pytorch_tuned": 0.0, "before": float("nan")}
        runs = [("libtorch", [os.path.join(a.bin, "bench_train_step")], None), ("pytorch", py, None),
                ("pytorch_tuned", py, TUNED)]
        if a.before:
            best["before"] = 0.0
            runs.append(("before", [os.path.join(a.before, "bench_train_step")], None))
        for _ in range(a.rounds):
            for key, cmd, env in runs:
                sps, lib = run(cmd + ["--arch", arch] + common, env)
                best[key] = max(best[key], sps)
                blas[key] = lib
        rows.append((arch, best["libtorch"], best["pytorch"], best["pytorch_tuned"], best["before"]))
        print(f"  {arch:15s} done", file=sys.stderr)
    ours = grid_core_hours({r[0]: r[1] / a.threads for r in rows}, a.config)
    ref = grid_core_hours({r[0]: r[2] / a.threads for r in rows}, a.config)
    tuned = grid_core_hours({r[0]: r[3] / a.threads for r in rows}, a.config)
    before = grid_core_hours({r[0]: r[4] / a.threads for r in rows}, a.config)
    header = ("arch,libtorch_samples_per_s,pytorch_samples_per_s,ratio,pytorch_tuned_samples_per_s,ratio_tuned,"
              "mflop_per_sample,libtorch_gflop_per_s,grid_core_hours,pytorch_grid_core_hours,pytorch_tuned_grid_core_hours,"
              "before_samples_per_s,speedup,before_grid_core_hours")
    lines = [header]
    print(f"{'arch':16s}{'LibTorch':>10s}{'PyTorch':>10s}{'ratio':>8s}{'PyTorch*':>10s}{'ratio*':>8s}"
          f"{'MFLOP':>8s}{'GFLOP/s':>9s}{'core-h':>8s}{'PyT c-h':>9s}{'before':>9s}{'speedup':>8s}"
          f"   (samples/s per {a.threads} thread(s))")
    for r in rows:
        mf = train_flops(r[0], a.grid) / 1e6
        ch, rh, th, bh = (d.get(r[0], float("nan")) for d in (ours, ref, tuned, before))
        opt = (lambda x, f: "" if x != x else format(x, f))  # empty for nan: no --before
        lines.append(f"{r[0]},{r[1]:.1f},{r[2]:.1f},{r[1] / r[2]:.2f},{r[3]:.1f},{r[1] / r[3]:.2f},{mf:.1f},"
                     f"{r[1] * mf / 1e3:.2f},{ch:.2f},{rh:.2f},{th:.2f},{opt(r[4], '.1f')},{opt(r[1] / r[4], '.2f')},"
                     f"{opt(bh, '.2f')}")
        print(f"{r[0]:16s}{r[1]:10.1f}{r[2]:10.1f}{r[1] / r[2]:8.2f}{r[3]:10.1f}{r[1] / r[3]:8.2f}"
              f"{mf:8.1f}{r[1] * mf / 1e3:9.2f}{ch:8.2f}{rh:9.2f}{r[4]:9.1f}{r[1] / r[4]:8.2f}")
    print("* PyTorch with our runtime settings (OpenMP OpenBLAS, malloc keeps freed blocks)")
    if a.grid == 128 and set(ours) == set(yaml.safe_load(open(a.config))["train"]["archs"]):
        print(f"the grid ({os.path.relpath(a.config)}) in core-hours: ours {sum(ours.values()):.1f}, "
              f"PyTorch {sum(ref.values()):.1f} ({sum(ref.values()) / sum(ours.values()):.2f}x), "
              f"PyTorch* {sum(tuned.values()):.1f} ({sum(tuned.values()) / sum(ours.values()):.2f}x)"
              + (f", before {sum(before.values()):.1f} ({sum(before.values()) / sum(ours.values()):.2f}x)" if a.before else ""))
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
