#!/usr/bin/env python3
"""Draw the press figures from the C++ tools' outputs (no computation beyond picking and binning).

  figures.py figure1 --config C --data dataset.h5 --turing turing.csv --out F.png
  figures.py figure2 --config C --data dataset.h5 --rows figure2.csv --base resim_base.h5 --press resim_press.h5 --out F.png
  figures.py parity  --config C --selection selection.csv --out F.png METRICS.csv...
  figures.py curves  --config C --selection selection.csv --out F.png METRICS.csv...
  figures.py turing  --config C --candidates candidates.csv --turing turing.csv --out F.png
  figures.py noise   --config C --table5 table5.csv --out F.png
  figures.py nca     --config C --data pde.h5 --nca nca.h5 --scores scores.csv --out F.png
  figures.py nca_sweep --config C --table nca_sweep.csv --data pde.h5 --out F.png CELL/seedS/frames.h5...
  figures.py binn    --config C --out F.png LAW/noiseL/seedS/diffusion.csv...
  figures.py binn_resim --config C --out F.png LAW/noiseL/resim/frames.csv...
  figures.py two_species --config C --table two_species.csv --out F.png

Debian's python3-matplotlib and python3-h5py; the output is written atomically. The config keys
read are appended to PRESS_TRACE_CONFIG as "figures KEY" lines, like the C++ tools' (the workflow
test checks them against the figures stage stamp).
"""
import argparse
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import h5py  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import yaml  # noqa: E402
from script_errors import fail, output, reading, require, run  # noqa: E402

STATUS = ["ok", "blowup", "homogeneous"]  # the shard's status codes (press::Status, lib/press/sim/solver.hpp)


def label(name):
    return "δ" if name == "delta" else name


def param_names(table):
    """The kinetics' parameter names: the columns of a press parameter table between id and u_star."""
    with reading(table), open(table) as f:
        header = next(csv.reader(f))
    end = header.index("u_star") if "u_star" in header else len(header)
    return header[1:end]


def box(cfg, name, values):
    """The config's sampling range of a parameter, or (the kinetics' default box) the data's range."""
    return cfg.get("params", {}).get(name) or [min(values), max(values)]


def describe(p, names, digits):
    return " ".join(f"{label(n)}={float(p[n]):.{digits.get(n, 3)}f}" for n in names)


def rows(path):
    with reading(path), open(path) as f:
        rs = list(csv.DictReader(f))
    if not rs:
        fail(path, "no rows: expected a table written by press")
    return rs


def save(fig, out, dpi):
    with output(out) as tmp:
        fig.savefig(tmp, dpi=dpi, metadata={"Software": None})  # no version/date: byte-stable reruns
    print(f"figures: wrote {out}", file=sys.stderr)


def selected_lambda(selection, cfg):
    """The focus cell's λ chosen on validation, as select's selection.csv writes it."""
    arch, n = cfg["tabulate"]["focus_arch"], cfg["tabulate"]["focus_n"]
    for r in rows(selection):
        with reading(selection):
            if r["arch"] == arch and int(r["n"]) == int(n):
                return r["lambda_val"]
    fail(selection, f"no row for {arch} n={n}: expected select's row of the focus cell (tabulate.focus_arch, focus_n)")


class Traced(dict):
    """A config mapping that records each key read, dotted, into PRESS_TRACE_CONFIG."""

    def __init__(self, d, prefix=""):
        super().__init__(d)
        self.prefix = prefix

    def _wrap(self, k, v):
        key = self.prefix + str(k)
        trace = os.environ.get("PRESS_TRACE_CONFIG")
        if trace:
            with open(trace, "a") as f:
                f.write(f"figures {key}\n")
        return Traced(v, key + ".") if isinstance(v, dict) else v

    def __getitem__(self, k):
        return self._wrap(k, super().__getitem__(k))

    def get(self, k, default=None):
        return self._wrap(k, super().get(k, default))


def figure1(a, cfg):
    """Example u patterns, evenly spaced in the LSA wavelength over the dataset's samples."""
    with reading(a.turing):
        wl = {int(r["id"]): float(r["wavelength"]) for r in rows(a.turing)}
    names = param_names(a.turing)
    with reading(a.data), h5py.File(a.data, "r") as f:
        ids, params, u = f["id"][:], f["params"][:], f["u"]
        order = sorted(range(len(ids)), key=lambda i: (wl[int(ids[i])], int(ids[i])))
        k = min(cfg["figures"]["patterns"], len(order))
        pick = [order[round(j * (len(order) - 1) / max(k - 1, 1))] for j in range(k)]
        cols = min(k, 4 if k > 6 else 3)
        rows_ = -(-k // cols)
        fig, axes = plt.subplots(rows_, cols, figsize=(2.6 * cols, 2.8 * rows_), squeeze=False)
        for ax, i in zip(axes.flat, pick):
            ax.imshow(u[i], cmap="viridis")
            p = params[i]
            if names == ["a", "b", "c", "delta"]:
                title = f"a={p[0]:.3f} b={p[1]:.2f}\nc={p[2]:.2f} δ={p[3]:.0f}"
            else:
                title = " ".join(f"{n}={x:.3g}" for n, x in zip(names, p))
            ax.set_title(f"{title}  λ≈{wl[int(ids[i])]:.1f}", fontsize=7)
        for ax in axes.flat:
            ax.set_xticks([])
            ax.set_yticks([])
    fig.suptitle(f"Figure 1: steady u patterns ({cfg['grid']['n']}², ordered by LSA wavelength)", fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    save(fig, a.out, cfg["figures"]["dpi"])


def figure2(a, cfg):
    """The test pattern beside the patterns re-simulated from the baseline's and PRESS's predictions."""
    with reading(a.rows):
        r = {x["role"]: x for x in rows(a.rows)}
        names = [k for k in rows(a.rows)[0] if k not in ("role", "id", "lambda")]
        sid = int(r["truth"]["id"])
        require(r, ["base", "press"])
    with reading(a.data), h5py.File(a.data, "r") as f:
        i = int(np.nonzero(f["id"][:] == sid)[0][0])
        panels = [("ground truth", f["u"][i], r["truth"], "ok")]
    for role, path, title in [("base", a.base, "baseline"), ("press", a.press, "PRESS")]:
        with reading(path), h5py.File(path, "r") as f:
            status = STATUS[int(f["status"][0])]
            panels.append((title, f["u"][0], r[role], status))
    fig, axes = plt.subplots(1, 3, figsize=(9, 3.9))
    lo, hi = float(np.min(panels[0][1])), float(np.max(panels[0][1]))  # one colour scale: a flat state looks flat
    for ax, (title, u, p, status) in zip(axes, panels):
        im = ax.imshow(u, cmap="viridis", vmin=lo, vmax=hi)
        lam = f", λ={p['lambda']}" if p["lambda"] else ""
        ax.set_title(f"{title}{lam}\n{describe(p, names, {'a': 4, 'delta': 1})}\nstatus {status}", fontsize=7)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(f"Figure 2: test sample {sid} and re-simulations of the predicted parameters (same initial noise; "
                 "one colour scale, the ground truth's)", fontsize=9)
    fig.tight_layout(rect=(0, 0, 0.94, 0.93))  # room for the suptitle above the panel titles, the colour bar right
    fig.colorbar(im, cax=fig.add_axes((0.95, 0.12, 0.012, 0.68))).ax.tick_params(labelsize=7)
    save(fig, a.out, cfg["figures"]["dpi"])


def lam_of(metrics):
    """λ of a model, from its metrics CSV (evaluate's `lambda` column, lambda_label's %g)."""
    rs = rows(metrics)
    if len(rs) != 1:
        fail(metrics, f"{len(rs)} rows: expected one evaluate metrics row")
    with reading(metrics):
        return f"{float(rs[0]['lambda']):g}"


def beside(metrics, name):
    """A file evaluate or train wrote beside a metrics CSV: its predictions, or the model's log.csv."""
    if name == "predictions":
        return metrics[: -len(".csv")] + ".predictions.csv"
    return os.path.join(os.path.dirname(metrics), name)


def parity(a, cfg):
    """Predicted against true parameters on the test split: baseline and PRESS (val-selected λ).
    Inputs: the focus cell's test metrics CSVs; the predictions beside each are drawn."""
    sel = selected_lambda(a.selection, cfg)
    by_lam = {lam_of(m): beside(m, "predictions") for m in a.inputs}
    for lam in ("0", sel):
        if lam not in by_lam:
            fail(a.selection, f"selected lambda {lam}: expected a metrics CSV of it among the inputs")
    pick = [("baseline (λ = 0)", by_lam["0"], "tab:gray"), (f"PRESS (λ = {sel})", by_lam[sel], "tab:red")]
    names = [c[: -len("_pred")] for c in rows(pick[0][1])[0] if c.endswith("_pred")]
    fig, axes = plt.subplots(1, len(names), figsize=(3.25 * len(names), 3.4))
    truth = {}
    for series, path, color in pick:
        rs = rows(path)
        for j, (ax, name) in enumerate(zip(axes, names)):
            with reading(path):
                t = [float(x[name]) for x in rs]
                p = [float(x[name + "_pred"]) for x in rs]
            truth[name] = t
            ax.scatter(t, p, s=6, alpha=0.6, color=color, label=series)
    for ax, name in zip(axes, names):
        lo, hi = box(cfg, name, truth[name])
        ax.plot([lo, hi], [lo, hi], "k--", lw=0.8)
        ax.set_xlabel(f"true {label(name)}")
        ax.set_ylabel(f"predicted {label(name)}")
    axes[0].legend(fontsize=7)
    fig.suptitle(f"Parity, test split: {cfg['tabulate']['focus_arch']}, n = {cfg['tabulate']['focus_n']}", fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    save(fig, a.out, cfg["figures"]["dpi"])


def curves(a, cfg):
    """Training loss and validation joint NRMSE / residual per epoch, one line per λ; a dot marks the kept epoch."""
    sel = selected_lambda(a.selection, cfg)
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.4))
    for metrics in sorted(a.inputs, key=lambda m: float(lam_of(m))):
        lam = lam_of(metrics)
        log = beside(metrics, "log.csv")
        rs = rows(log)
        with reading(log):
            ep = [int(x["epoch"]) for x in rs]
            data, nrmse, resid = ([float(x[k]) for x in rs] for k in ("train_data", "val_nrmse_joint", "val_residual"))
            kept = int(rs[-1]["kept_epoch"])
            if not 1 <= kept <= len(rs):
                raise ValueError(f"kept_epoch {kept}: expected one of the {len(rs)} epochs logged")
        style = dict(lw=2.0 if lam == sel else 1.0, label=f"λ = {lam}" + (" (selected)" if lam == sel else ""))
        axes[0].plot(ep, data, **style)
        line = axes[1].plot(ep, nrmse, **style)[0]
        axes[1].plot([kept], [nrmse[kept - 1]], "o", ms=4, color=line.get_color())
        axes[2].plot(ep, resid, **style)
    for ax, t in zip(axes, ["train data loss (MSE)", "validation joint NRMSE (dot: kept epoch)", "validation residual"]):
        ax.set_yscale("log")
        ax.set_xlabel("epoch")
        ax.set_title(t, fontsize=9)
    axes[0].legend(fontsize=7)
    fig.suptitle(f"Training curves: {cfg['tabulate']['focus_arch']}, n = {cfg['tabulate']['focus_n']}", fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    save(fig, a.out, cfg["figures"]["dpi"])


def turing(a, cfg):
    """Share of sampled candidates that pass the Turing filter, over the plane of the kinetics'
    first two parameters (Gierer-Meinhardt's (a, b); any system's, from the candidates' header)."""
    with reading(a.turing):
        acc = {int(r["id"]) for r in rows(a.turing)}
    names = param_names(a.candidates)
    if len(names) < 2:
        fail(a.candidates, f"parameters {names}: expected at least two")
    px, py = names[0], names[1]
    cand = rows(a.candidates)
    with reading(a.candidates):
        x = np.array([float(r[px]) for r in cand])
        y = np.array([float(r[py]) for r in cand])
        ok = np.array([int(r["id"]) in acc for r in cand])
    bins = [np.linspace(*box(cfg, px, x), 31), np.linspace(*box(cfg, py, y), 31)]
    gm = names == ["a", "b", "c", "delta"]
    total, _, _ = np.histogram2d(x, y, bins=bins)
    hit, _, _ = np.histogram2d(x[ok], y[ok], bins=bins)
    share = np.divide(hit, total, out=np.full_like(hit, np.nan), where=total > 0)
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    m = ax.pcolormesh(bins[0], bins[1], share.T, cmap="magma", shading="flat")
    rest = ", ".join(label(n) for n in names[2:])
    fig.colorbar(m, ax=ax, label=f"Turing-unstable share (over {rest})")
    ax.scatter(x[ok], y[ok], s=2, color="cyan", alpha=0.5, label=f"accepted ({ok.sum()} of {len(ok)})")
    ax.set_xlabel("a (basal production)" if gm else label(px))
    ax.set_ylabel("b (activator decay)" if gm else label(py))
    ax.legend(fontsize=7, loc="upper right")
    ax.set_title(f"Turing region over the sampled ({label(px)}, {label(py)}) plane", fontsize=9)
    fig.tight_layout()
    save(fig, a.out, cfg["figures"]["dpi"])


def noise(a, cfg):
    """Table 5: joint NRMSE against the observation-noise level, networks and physics fits."""
    t = rows(a.table5)
    with reading(a.table5):
        levels = [float(r["noise"]) for r in t]
        series = [("base", "baseline (λ = 0)", "o-"), ("press", f"PRESS (λ = {t[0]['lambda_phy']})", "s-")]
        series += [(k[:-6], f"physics fit {k[4:-6]}", "^--") for k in t[0] if k.startswith("fit_") and k.endswith("_nrmse")]
        ys = [[float(r[f"{key}_nrmse"]) if r[f"{key}_nrmse"] else np.nan for r in t] for key, _, _ in series]
        require(t[0], ["scaling"])
    x = np.arange(len(levels))  # categorical: level 0 has no place on a log axis
    fig, ax = plt.subplots(figsize=(6.0, 4.0))
    for (key, label, style), y in zip(series, ys):
        ax.plot(x, y, style, label=label)
    ax.set_yscale("log")
    ax.set_xticks(x, [f"{v:g}" for v in levels])
    ax.set_xlabel("noise level σ / (max u − min u)")
    ax.set_ylabel(f"joint NRMSE (test, {t[0]['scaling']} scaling)")
    ax.set_title(f"{cfg['tabulate']['focus_arch']} n = {cfg['tabulate']['focus_n']} against the per-instance fit",
                 fontsize=9)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    save(fig, a.out, cfg["figures"]["dpi"])


def nca(a, cfg):
    """NCA against PDE: v of the first test trajectory at four times up to the end of the rollout
    (top PDE, bottom NCA), and the peak wavelength of v over time for every test trajectory."""
    sc = rows(a.scores)
    with reading(a.scores):
        require(sc[0], ["id", "time", "wavelength_v_pde", "wavelength_v_nca", "rmse"])
    with reading(a.data), h5py.File(a.data, "r") as f, reading(a.nca), h5py.File(a.nca, "r") as g:
        times = f["frame_times"][:]
        F = len(times)
        picks = sorted({0, F // 4, F // 2, F - 1})
        fig, axes = plt.subplots(3, len(picks), figsize=(2.4 * len(picks), 7.4), squeeze=False,
                                 gridspec_kw={"height_ratios": [1, 1, 1.1]})
        for j, k in enumerate(picks):
            for r, (src, name) in enumerate(((f, "PDE"), (g, "NCA"))):
                ax = axes[r][j]
                ax.imshow(src["frames_v"][0, k], cmap="magma", vmin=0, vmax=max(float(np.nanmax(f["frames_v"][0, k])), 1e-9))
                ax.set_title(f"{name}, t = {times[k]:g}", fontsize=8)
                ax.set_xticks([])
                ax.set_yticks([])
    gs = axes[2][0].get_gridspec()
    for ax in axes[2]:
        ax.remove()
    ax = fig.add_subplot(gs[2, :])
    ids = sorted({r["id"] for r in sc}, key=int)
    for i in ids:
        t = [float(r["time"]) for r in sc if r["id"] == i]
        ax.plot(t, [float(r["wavelength_v_pde"]) for r in sc if r["id"] == i], "-", label=f"PDE {i}")
        ax.plot(t, [float(r["wavelength_v_nca"]) for r in sc if r["id"] == i], "--", label=f"NCA {i}")
    ax.set_xlabel("time t (PDE steps x simulate.dt)")
    ax.set_ylabel("peak wavelength of v")
    ax.legend(fontsize=7, ncol=2)
    ax.grid(True, alpha=0.3)
    fig.suptitle(f"NCA rollout past the horizon ({cfg['model']['kinetics']}, {cfg['grid']['n']}², nca.t {cfg['nca']['t']})",
                 fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    save(fig, a.out, cfg["figures"]["dpi"])


def nca_sweep(a, cfg):
    """The sweeps (the paper's Figures 4 and 6): top, against t at noise 0, the kept (lowest) training
    loss and the test RMSE within the horizon, every seed a point; against xi at nca.t, the component
    count of v at the end of the rollout (the PDE's as a line); bottom, v at the end of the rollout of
    the first test trajectory, the PDE's and each cell's NCA (first seed)."""
    tab = rows(a.table)
    with reading(a.table):
        require(tab[0], ["seed", "t", "noise", "kept_loss", "id", "rmse_within_horizon", "components_v_pde",
                         "components_v_nca", "share_v_nca"])
    t_main = cfg["nca"]["t"]
    sampling = [r for r in tab if float(r["noise"]) == 0]
    noisy = [r for r in tab if int(r["t"]) == t_main]
    cells = [os.path.basename(os.path.dirname(os.path.dirname(p))) for p in a.inputs]
    fig = plt.figure(figsize=(max(9.0, 1.6 * (len(cells) + 1)), 6.4))
    gs = fig.add_gridspec(2, max(3, len(cells) + 1), height_ratios=[1.2, 1])
    top = [fig.add_subplot(gs[0, i * (gs.ncols // 3):(i + 1) * (gs.ncols // 3)]) for i in range(3)]
    for ax, key, name in ((top[0], "kept_loss", "lowest training loss"),
                          (top[1], "rmse_within_horizon", "test RMSE within the horizon")):
        ax.scatter([int(r["t"]) for r in sampling], [float(r[key]) for r in sampling], s=14)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")  # a diverged rollout's RMSE is orders above the rest
        ax.set_xlabel("t (NCA steps per transition)")
        ax.set_ylabel(name)
        ax.grid(True, alpha=0.3)
    top[2].scatter([float(r["noise"]) for r in noisy], [int(r["components_v_nca"]) for r in noisy], s=14, label="NCA")
    if noisy:
        top[2].axhline(float(np.mean([int(r["components_v_pde"]) for r in noisy])), color="k", lw=0.8, label="PDE (mean)")
    top[2].set_xlabel("ξ (training noise)")
    top[2].set_ylabel("components of v at the end")
    top[2].legend(fontsize=7)
    top[2].grid(True, alpha=0.3)
    with reading(a.data), h5py.File(a.data, "r") as f:
        pde = f["frames_v"][0, -1]
        end = f["frame_times"][-1]
    vmax = max(float(np.nanmax(pde)), 1e-9)
    panels = [("PDE", pde)]
    for cell, p in zip(cells, a.inputs):
        with reading(p), h5py.File(p, "r") as g:
            panels.append((cell.replace("_noise", ", ξ "), g["frames_v"][0, -1]))
    for i, (name, img) in enumerate(panels):
        ax = fig.add_subplot(gs[1, i])
        ax.imshow(img, cmap="magma", vmin=0, vmax=vmax)
        ax.set_title(name, fontsize=7)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(f"NCA sweeps ({cfg['model']['kinetics']}, {cfg['grid']['n']}², v at t = {end:g}, "
                 f"{cfg['nca']['epochs']} epochs)", fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    save(fig, a.out, cfg["figures"]["dpi"])


def binn(a, cfg):
    """Learned against true D(u) and G(u): a row per diffusion law, D left and G right; the truth in
    black, each noise level's mean over seeds as a line with the seeds' range as a band."""
    runs = {}
    for p in a.inputs:
        seed_dir = os.path.dirname(p)
        level_dir = os.path.dirname(seed_dir)
        law = os.path.basename(os.path.dirname(level_dir))
        level = os.path.basename(level_dir)[len("noise"):]
        runs.setdefault(law, {}).setdefault(level, []).append(seed_dir)
    laws = list(runs)
    fig, axes = plt.subplots(len(laws), 2, figsize=(8, 2.6 * len(laws)), squeeze=False)
    for i, law in enumerate(laws):
        for j, name in enumerate(["diffusion", "growth"]):
            ax = axes[i][j]
            truth = None
            for level, dirs in sorted(runs[law].items(), key=lambda kv: float(kv[0])):
                curves = []
                for d in dirs:
                    rs = rows(f"{d}/{name}.csv")
                    with reading(f"{d}/{name}.csv"):
                        require(rs[0], ["u", "f", "truth"])
                    curves.append(([float(r["u"]) for r in rs], [float(r["f"]) for r in rs]))
                    truth = ([float(r["u"]) for r in rs], [float(r["truth"]) for r in rs])
                u = curves[0][0]
                f = np.array([c[1] for c in curves])
                line = ax.plot(u, f.mean(axis=0), label=f"noise {float(level):g}")[0]
                if len(curves) > 1:
                    ax.fill_between(u, f.min(axis=0), f.max(axis=0), color=line.get_color(), alpha=0.2)
            ax.plot(*truth, "k--", lw=1.2, label="truth")
            ax.set_xlabel("u")
            ax.set_ylabel(f"{'D' if j == 0 else 'G'}(u), {law} D")
            ax.grid(True, alpha=0.3)
            if i == 0 and j == 0:
                ax.legend(fontsize=7)
    fig.suptitle(f"BINN: learned D and G against the truth ({cfg['binn']['epochs']} epochs at most)", fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    save(fig, a.out, cfg["figures"]["dpi"])


def binn_resim(a, cfg):
    """The data against the re-simulation of the discovered equation (resim_fit's best pair): u along
    the middle row of the observed grid at every frame, a panel per law and noise level; observed
    values as dots, the clean frames as thin lines, the re-simulation dashed."""
    runs = {}
    for p in a.inputs:
        level_dir = os.path.dirname(os.path.dirname(p))
        law = os.path.basename(os.path.dirname(level_dir))
        runs.setdefault(law, []).append((float(os.path.basename(level_dir)[len("noise"):]), p))
    laws = list(runs)
    cols = max(len(v) for v in runs.values())
    fig, axes = plt.subplots(len(laws), cols, figsize=(3.2 * cols, 2.5 * len(laws)), squeeze=False)
    for i, law in enumerate(laws):
        for j, (level, p) in enumerate(sorted(runs[law])):
            rs = rows(p)
            with reading(p):
                require(rs[0], ["frame", "t", "x", "y", "observed", "clean", "resim"])
            ys = sorted({float(r["y"]) for r in rs})
            mid = ys[len(ys) // 2]
            ax = axes[i][j]
            for k in sorted({int(r["frame"]) for r in rs}):
                line = [r for r in rs if int(r["frame"]) == k and float(r["y"]) == mid]
                x = [float(r["x"]) for r in line]
                c = ax.plot(x, [float(r["clean"]) for r in line], lw=0.8, label=f"t = {float(line[0]['t']):g}")[0].get_color()
                ax.plot(x, [float(r["observed"]) for r in line], ".", color=c, ms=3)
                ax.plot(x, [float(r["resim"]) for r in line], "--", color=c, lw=1)
            ax.set_title(f"{law} D, noise {level:g}", fontsize=8)
            ax.set_xlabel(f"x (y = {mid:g})")
            ax.set_ylabel("u")
            ax.grid(True, alpha=0.3)
            if i == 0 and j == 0:
                ax.legend(fontsize=6)
    fig.suptitle("Data (dots; clean: lines) against the re-simulated discovered equation (dashed)", fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    save(fig, a.out, cfg["figures"]["dpi"])


def two_species(a, cfg):
    """discover_kinetics against the noise (tables/two_species.csv), pointwise and in weak form: the
    true kinetics' rank among every kinetics press knows (ties share a rank) and its fitted
    parameters' largest relative error, with SIMEX's correction (dashed) where it ran."""
    rs = rows(a.table)
    with reading(a.table):
        require(rs[0], ["truth", "noise", "weak_width", "weak_frames", "true_rank", "true_param_max_rel_err"])
    forms = sorted({(int(r["weak_width"]), int(r["weak_frames"])) for r in rs})
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.2))
    for w, wt in forms:
        line = sorted((float(r["noise"]), r) for r in rs if (int(r["weak_width"]), int(r["weak_frames"])) == (w, wt))
        name = "pointwise" if (w, wt) == (0, 0) else f"weak form ({w} cells, {wt} frames)"
        x = [100 * n for n, _ in line]
        left.plot(x, [int(r["true_rank"]) for _, r in line], "o-", label=name)
        # errors drawn between 1e-6 and 10 (1000%: a failed fit; the table has the value)
        drawn = right.semilogy(x, [min(max(float(r["true_param_max_rel_err"]), 1e-6), 10) for _, r in line], "o-",
                               label=name)
        simex = [(xi, float(r.get("simex_param_max_rel_err", "nan"))) for xi, (_, r) in zip(x, line)]
        simex = [(xi, min(max(e, 1e-6), 10)) for xi, e in simex if e == e]  # (nan: no SIMEX, or the first kinetics not the truth)
        if simex:
            right.semilogy(*zip(*simex), "s--", color=drawn[0].get_color(), label=f"{name}, SIMEX")
    left.set_ylabel(f"rank of the truth ({rs[0]['truth']})")
    left.set_ylim(0.5, None)
    left.invert_yaxis()
    right.set_ylabel("max rel. parameter error (≤ 10)")
    for ax in (left, right):
        ax.set_xlabel("observation noise (% of the range)")
        ax.grid(True, alpha=0.3)
    left.legend(fontsize=7)
    if any(r.get("simex_param_max_rel_err", "nan") != "nan" for r in rs):
        right.legend(fontsize=6)
    fig.suptitle("Which kinetics made these frames? (discover_kinetics)", fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    save(fig, a.out, cfg["figures"]["dpi"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("figure", choices=["figure1", "figure2", "parity", "curves", "turing", "noise", "nca", "nca_sweep", "binn",
                                        "binn_resim", "two_species"])
    ap.add_argument("--config", required=True)
    ap.add_argument("--out", required=True)
    for k in ["data", "turing", "rows", "base", "press", "selection", "table5", "candidates", "nca", "scores", "table"]:
        ap.add_argument(f"--{k}")
    ap.add_argument("inputs", nargs="*")
    a = ap.parse_intermixed_args()
    with reading(a.config), open(a.config) as f:
        cfg = Traced(yaml.safe_load(f))
        require(cfg, ["figures.dpi", "figures.patterns", "tabulate.focus_arch", "tabulate.focus_n", "grid.n"])
    {"figure1": figure1, "figure2": figure2, "parity": parity, "curves": curves, "turing": turing, "noise": noise,
     "nca": nca, "nca_sweep": nca_sweep, "binn": binn, "binn_resim": binn_resim,
     "two_species": two_species}[a.figure](
        a, cfg)


if __name__ == "__main__":
    run("figures", main)
