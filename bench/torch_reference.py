#!/usr/bin/env python3
"""The same networks and PRESS loss as lib/learn/net.cpp and lib/learn/physics.cpp, in Python PyTorch, for
bench_train.py. Prints one line like bench_train_step:
  arch=<a> grid=<n> batch=<b> threads=<t> samples_per_s=<x> blas=<library>
"""
import argparse
import re
import time

import torch
from torch import nn


def make_net(arch, grid, channels=1, filters=5, kernel=5, hidden=5, mlp_hidden=(1024, 512, 128), dropout=0.2):
    layers = []
    if arch == "mlp":
        layers.append(nn.Flatten())
        width = channels * grid * grid
        for i, h in enumerate(mlp_hidden):
            layers += [nn.Linear(width, h), nn.ReLU()]
            if i < 2 and dropout > 0:
                layers.append(nn.Dropout(dropout))
            width = h
        layers.append(nn.Linear(width, 4))
    else:
        m = re.fullmatch(r"cnn_l(\d+)_(none|maxpool|dilated)", arch)
        depth, op = int(m.group(1)), m.group(2)
        side, cin = grid, channels
        for i in range(depth):
            dil = 2 ** i if op == "dilated" else 1
            layers += [nn.Conv2d(cin, filters, kernel, padding=(kernel - 1) // 2 * dil, dilation=dil,
                                 padding_mode="circular"), nn.ReLU()]
            if op == "maxpool":
                layers.append(nn.MaxPool2d(2))
                side //= 2
            cin = filters
        layers += [nn.Flatten(), nn.Linear(cin * side * side, hidden), nn.ReLU(), nn.Linear(hidden, 4)]
    layers.append(nn.Sigmoid())
    return nn.Sequential(*layers)


def laplacian(x, dx=1.0):
    return (torch.roll(x, 1, -1) + torch.roll(x, -1, -1) + torch.roll(x, 1, -2) + torch.roll(x, -1, -2) - 4 * x) / dx**2


def press_loss(pred, target, u, v, lo, span, lam, s=0.4, v_floor=1e-6):
    data = nn.functional.mse_loss(pred, target)
    th = (lo + pred * span)[:, :, None, None]
    a, b, c, delta = th[:, 0], th[:, 1], th[:, 2], th[:, 3]
    u2 = u * u
    f = a - b * u + u2 / (torch.clamp_min(v, v_floor) * (1 + c * u2))
    ru = s * laplacian(u) + f
    rv = s * delta * laplacian(v) + u2 - v
    phy = (ru * ru + rv * rv).mean((-2, -1)).mean()
    return data + lam * phy


def blas_in_use():
    found = "unknown"
    for line in open("/proc/self/maps"):
        p = line.find("/")
        if p < 0:
            continue
        path = line[p:].strip()
        if "libopenblas" in path or "libblas.so" in path:
            found = path
            if "libopenblas" in path:
                break
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arch", default="cnn_l1_none")
    ap.add_argument("--grid", type=int, default=128)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--lambda", dest="lam", type=float, default=0.1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = make_net(a.arch, a.grid)
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    u = torch.rand(a.batch, a.grid, a.grid) + 0.2
    v = u * u + 0.01 * torch.rand(a.batch, a.grid, a.grid)
    x = u.unsqueeze(1)
    target = torch.rand(a.batch, 4)
    lo, span = torch.tensor([0.01, 0.4, 0.02, 20.0]), torch.tensor([0.69, 1.6, 6.98, 180.0])

    def step():
        loss = press_loss(net(x), target, u, v, lo, span, a.lam)
        opt.zero_grad()
        loss.backward()
        opt.step()

    for _ in range(a.warmup):
        step()
    t0 = time.perf_counter()
    for _ in range(a.steps):
        step()
    secs = time.perf_counter() - t0
    print(f"arch={a.arch} grid={a.grid} batch={a.batch} threads={a.threads} "
          f"samples_per_s={a.steps * a.batch / secs} blas={blas_in_use()}")


if __name__ == "__main__":
    main()
