#!/usr/bin/env python3
"""Is the BINN's residual minimised by the true laws? (docs/binn.md, "Why D is not recovered")

Fits the BINN's surrogate u(x, y, t) (3 x 64 SiLU, softplus output, Xavier-normal weights, as
lib/dynamics/binn.cpp) to one level of a binn_data file by the data MSE alone (Adam 1e-3 with a
cosine decay, batches of 121), freezes it, and on 3000 fixed collocation points compares the mean
squared PDE residual r = u_t - div(D grad u) - G u of the true laws with that of D and G networks
(3 x 4 SiLU; 0.1 softplus and 2.4 x linear, as train_binn) fitted to that residual alone. If the
learned laws reach a lower residual than the truth, the surrogate's derivatives, not the
optimiser, decide what the BINN finds. Python PyTorch (Debian's python3-torch), float64, 1 thread.

usage: docs/binn/frozen_surrogate.py data.h5 [--steps 20000] [--law-steps 2000] [--level 0]
"""
import argparse
import time

import h5py
import numpy as np
import torch

sp = torch.nn.functional.softplus


def mlp(inputs, width, depth):
    layers, p = [], inputs
    for _ in range(depth):
        layers += [torch.nn.Linear(p, width), torch.nn.SiLU()]
        p = width
    net = torch.nn.Sequential(*layers, torch.nn.Linear(p, 1))
    for name, q in net.named_parameters():
        (torch.nn.init.zeros_ if "bias" in name else torch.nn.init.xavier_normal_)(q)
    return net


def grad(y, x):
    return torch.autograd.grad(y, x, torch.ones_like(y), create_graph=True)[0]


def law(f, kind):
    a = dict(f.attrs)
    form = a[f"{kind}_form"].decode() if isinstance(a[f"{kind}_form"], bytes) else a[f"{kind}_form"]
    c = [a.get(f"{kind}_c{i}", 0.0) for i in range(3)]
    return {"constant": lambda u: c[0] + 0 * u, "linear": lambda u: c[0] + c[1] * u,
            "quadratic": lambda u: c[0] + c[1] * u * u,
            "saturating": lambda u: c[0] + c[1] * (1 - torch.exp(-c[2] * u)),
            "power": lambda u: c[0] * u ** c[1]}[form]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data")
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--law-steps", type=int, default=2000)
    ap.add_argument("--level", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    torch.set_default_dtype(torch.float64)
    f = h5py.File(a.data, "r")
    u = torch.tensor(f["u"][a.level])
    x, t = torch.tensor(f["x"][:]), torch.tensor(f["t"][:])
    T, X, Y = torch.meshgrid(t, x, x, indexing="ij")
    xyt = torch.stack([X.flatten(), Y.flatten(), T.flatten()], 1)
    uu = u.reshape(-1, 1)
    S, Dn, Gn = mlp(3, 64, 3), mlp(1, 4, 3), mlp(1, 4, 3)
    opt = torch.optim.Adam(S.parameters(), 1e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, a.steps)
    t0 = time.time()
    for _ in range(a.steps):
        idx = torch.randint(0, xyt.shape[0], (121,))
        loss = (sp(S(xyt[idx])) - uu[idx]).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    for q in S.parameters():
        q.requires_grad_(False)
    with torch.no_grad():
        mse = (sp(S(xyt)) - uu).pow(2).mean().item()
    L, tmax = float(x[-1]), float(t[-1])
    c = (torch.rand(3000, 3) * torch.tensor([L, L, tmax])).requires_grad_(True)
    v = sp(S(c))
    d = grad(v, c)

    def residual(D, G):
        Dv = D(v)
        div = grad(Dv * d[:, :1], c)[:, :1] + grad(Dv * d[:, 1:2], c)[:, 1:2]
        return d[:, 2:] - div - G(v) * v

    Dt, Gt = law(f, "diffusion"), law(f, "growth")
    r_true = residual(Dt, Gt).pow(2).mean().item()
    D, G = (lambda w: 0.1 * sp(Dn(w))), (lambda w: 2.4 * Gn(w))
    o2 = torch.optim.Adam(list(Dn.parameters()) + list(Gn.parameters()), 1e-2)
    for _ in range(a.law_steps):
        loss = residual(D, G).pow(2).mean()
        o2.zero_grad()
        loss.backward(retain_graph=True)
        o2.step()
    r_learned = residual(D, G).pow(2).mean().item()
    ut_ms = d[:, 2:].pow(2).mean().item()
    g = torch.quantile(uu.flatten(), torch.linspace(0.05, 0.95, 6)).unsqueeze(1)
    with torch.no_grad():
        rows = [("u", g), ("D learned", D(g)), ("D true", Dt(g)), ("G learned", G(g)), ("G true", Gt(g))]
    print(f"{a.data} level {a.level}: surrogate {a.steps} steps, data MSE {mse:.3g}; mean u_t^2 {ut_ms:.3g}; "
          f"mean r^2 with the true laws {r_true:.3g}, with the learned laws {r_learned:.3g} ({time.time() - t0:.0f} s)")
    for name, val in rows:
        print(f"{name:10s}", np.array2string(val.flatten().numpy(), precision=4, floatmode="fixed"))


if __name__ == "__main__":
    main()
