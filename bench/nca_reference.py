#!/usr/bin/env python3
"""The NCA of lib/dynamics (NCA.md) in Python PyTorch, for bench_nca.py: the same model (identity +
Laplacian perception, 16 -> 32 -> 8 per pixel, zero-initialised output), the same loss, per-tensor
gradient normalisation and NAdam; --channels-last puts the model's weights (and so the
convolutions) in NHWC. Prints one line like bench_nca_step:
  grid=<n> batch=<b> t=<t> threads=<k> nca_steps_per_s=<x>
"""
import argparse
import time

import torch
import torch.nn.functional as F
from torch import nn


class Nca(nn.Module):
    def __init__(self, c=8):
        super().__init__()
        ident = torch.tensor([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=torch.float32)
        lap = torch.tensor([[1, 2, 1], [2, -12, 2], [1, 2, 1]], dtype=torch.float32) / 4
        self.register_buffer("k", torch.stack([ident, lap] * c).unsqueeze(1))
        self.c = c
        self.w1 = nn.Conv2d(2 * c, 4 * c, 1, bias=False)
        self.w2 = nn.Conv2d(4 * c, c, 1)
        nn.init.normal_(self.w1.weight, 0, 0.1)
        nn.init.zeros_(self.w2.weight)
        nn.init.zeros_(self.w2.bias)

    def forward(self, x):
        z = F.conv2d(F.pad(x, (1, 1, 1, 1), mode="circular"), self.k, groups=self.c)
        return x + self.w2(torch.relu(self.w1(z)))


def main():
    ap = argparse.ArgumentParser()
    for k, v in (("grid", 64), ("batch", 64), ("t", 32), ("threads", 1), ("steps", 3)):
        ap.add_argument(f"--{k}", type=int, default=v)
    ap.add_argument("--channels-last", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    nca = Nca()
    if a.channels_last:
        nca = nca.to(memory_format=torch.channels_last)
    opt = torch.optim.NAdam(nca.parameters(), lr=1e-3, eps=1e-7)
    x0, y = torch.rand(a.batch, 8, a.grid, a.grid), torch.rand(a.batch, 2, a.grid, a.grid)

    def one():
        x, rng = x0, 0.0
        for _ in range(a.t):
            x = nca(x)
            rng = rng + (torch.relu(-x) + torch.relu(x - 1)).sum((1, 2, 3)).mean()
        loss = torch.linalg.vector_norm((x[:, :2] - y).flatten(1), dim=1).mean() + 0.01 * rng / a.t
        opt.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p in nca.parameters():
                p.grad /= p.grad.norm() + 1e-8
        opt.step()

    one()
    t0 = time.perf_counter()
    for _ in range(a.steps):
        one()
    secs = time.perf_counter() - t0
    print(f"grid={a.grid} batch={a.batch} t={a.t} threads={a.threads} nca_steps_per_s={a.steps * a.batch * a.t / secs:.1f}")


if __name__ == "__main__":
    main()
