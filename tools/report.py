#!/usr/bin/env python3
"""One self-contained HTML page of a press run: results/<name>/report.html (the PRESS experiment)
or results/<name>/report_nca.html and report_binn.html (--experiment nca, binn: their CSV tables, given
with --csv).

It gathers what the tools wrote (no computation of results): every table (ours beside the
paper's: tabulate's tables.html, embedded as it is; no Markdown is parsed), every figure (embedded as PNG data, so the page can
be mailed or opened from a cluster's file browser), the resolved config, the samples' status
counts and the Turing acceptance rate, the wall time of each stage from Snakemake's benchmark
files, and the press version and commit. Standard library and PyYAML/h5py only.

Usage: report.py --results DIR --bin BIN --repo SRC --tables tables.html --out FILE FIGURE.png...
       report.py --experiment nca|binn --results DIR --bin BIN --repo SRC --csv T.csv... --out FILE FIGURE.png...
"""
import argparse
import base64
import csv
import glob
import html
import os
import subprocess
import sys

import h5py
import yaml
from script_errors import fail, output, reading, require, run

STATUS = ["ok", "blowup", "homogeneous"]  # the shard's status codes (press::Status)


def data_uri(png):
    with reading(png), open(png, "rb") as f:
        return "data:image/png;base64," + base64.b64encode(f.read()).decode("ascii")


def count_rows(path):
    with reading(path), open(path, newline="") as f:
        return max(sum(1 for _ in csv.reader(f)) - 1, 0)


def status_counts(results):
    """The samples simulate wrote, by status, as split counted them (dataset.h5's attributes)."""
    path = f"{results}/data/dataset.h5"
    with reading(path), h5py.File(path, "r") as f:
        for s in STATUS:
            if f"simulated_{s}" not in f.attrs:
                fail(path, f"no attribute 'simulated_{s}': expected the dataset of a split that counts statuses (rerun "
                           "it: snakemake -R split)")
        return [int(f.attrs[f"simulated_{s}"]) for s in STATUS]


def stage_times(results):
    """Wall seconds per stage, summed over its jobs, from Snakemake's benchmark files."""
    times = {}
    for tsv in sorted(glob.glob(f"{results}/benchmarks/**/*.tsv", recursive=True)):
        rel = os.path.relpath(tsv, f"{results}/benchmarks")
        stage = rel.split(os.sep)[0] if os.sep in rel else os.path.splitext(rel)[0]
        with reading(tsv), open(tsv, newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
            if rows:
                n, s = times.get(stage, (0, 0.0))
                times[stage] = (n + 1, s + float(rows[0]["s"]))
    return times


def version(bin_dir, repo):
    try:
        v = subprocess.run([f"{bin_dir}/sample_params", "--version"], capture_output=True, text=True).stdout.strip()
        v = v.split()[-1] if v else "unknown"  # "sample_params (press) 0.1.0" -> 0.1.0
    except OSError:
        v = "unknown"
    r = subprocess.run(["git", "-C", repo, "describe", "--always", "--dirty", "--abbrev=12"], capture_output=True,
                       text=True)
    return v, r.stdout.strip() if r.returncode == 0 else "unknown (not a git checkout)"


CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1em 2em; color: #222; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; } h3 { font-size: 1.1em; }
nav a { margin-right: 1em; }
.scroll { overflow-x: auto; margin: 0.5em 0 1.5em; }
table { border-collapse: collapse; font-size: 12px; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: right; white-space: nowrap; }
th { background: #f3f3f3; position: sticky; top: 0; } td:first-child, th:first-child { text-align: left; }
figure { margin: 1em 0 2em; } figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { color: #555; font-size: 12px; }
pre { background: #f7f7f7; padding: 1em; overflow-x: auto; font-size: 12px; }
.facts td, .facts th { text-align: left; }
.note { color: #555; font-size: 12px; }
"""


def press_facts(r, cfg):
    require(cfg, ["train.archs", "train.lambdas", "train.seeds", "split.pools"])
    cand, turing = count_rows(f"{r}/candidates.csv"), count_rows(f"{r}/turing.csv")
    status = status_counts(r)
    return [("candidates", f"{cand:,}"),
            ("Turing-unstable (accepted by lsa_filter)", f"{turing:,} ({100.0 * turing / max(cand, 1):.2f}%)"),
            ("simulated samples by status", ", ".join(f"{s} {c:,}" for s, c in zip(STATUS, status))),
            ("trainings", f"{len(cfg['train']['archs'])} architectures × {len(cfg['split']['pools'])} pools × "
                          f"{len(cfg['train']['lambdas'])} λ × {len(cfg['train']['seeds'])} seeds")]


def nca_facts(cfg):
    require(cfg, ["model.kinetics", "simulate.integrator", "simulate.frame_every", "nca.channels", "nca.kernels",
                  "nca.t", "nca.epochs", "nca.seeds", "nca.trajectories", "nca.test_trajectories", "nca.test_horizon"])
    n = cfg["nca"]
    return [("trajectories", f"{cfg['model']['kinetics']}, integrator {cfg['simulate']['integrator']}, "
                             f"{n['trajectories']} for training, {n['test_trajectories']} for testing (to "
                             f"{n['test_horizon']}× the horizon), a frame every {cfg['simulate']['frame_every']} steps"),
            ("NCA", f"{n['channels']} channels, kernels {' + '.join(n['kernels'])}, t = {n['t']}, {n['epochs']} epochs, "
                    f"seeds {', '.join(str(x) for x in n['seeds'])}")]


def binn_facts(cfg):
    require(cfg, ["binn.laws", "binn.growth.form", "binn.growth.coefficients", "binn.observed", "binn.frames",
                  "binn.t_max", "binn.fine", "binn.boundary", "binn.noise_levels", "binn.seeds", "binn.epochs"])
    b = cfg["binn"]
    return [("data", f"u_t = div(D(u) grad u) + G(u) u, D: {', '.join(b['laws'])}; G {b['growth']['form']} "
                     f"{b['growth']['coefficients']}; {b['observed']}² × {b['frames']} frames to t = {b['t_max']} "
                     f"(fine {b['fine']}², {b['boundary']}); noise {b['noise_levels']}"),
            ("BINN", f"seeds {', '.join(str(x) for x in b['seeds'])}, at most {b['epochs']} epochs; then the "
                     "closed-form step; sparse regression (sindy) on the same data")]


def csv_table(path):
    """A CSV file as an HTML section: the file name as the title, every column."""
    with reading(path), open(path, newline="") as f:
        rs = list(csv.reader(f))
    if not rs:
        fail(path, "empty: expected a table with a header row")
    name = os.path.basename(path)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in rs[0])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rs[1:])
    return (f'<section id="{html.escape(name)}"><h3>{html.escape(name)}</h3><div class="scroll"><table>'
            f"<tr>{head}</tr>{body}</table></div></section>")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--experiment", choices=["press", "nca", "binn"], default="press")
    ap.add_argument("--results", required=True, help="results/<name>")
    ap.add_argument("--bin", required=True, help="the press binaries (for --version)")
    ap.add_argument("--repo", required=True, help="the press checkout (for the commit)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--tables", help="tabulate's tables.html (the tables as HTML sections; --experiment press)")
    ap.add_argument("--csv", action="append", default=[], help="a CSV table, shown whole (--experiment nca, binn)")
    ap.add_argument("figures", nargs="+", help="figures (.png), in the order shown")
    a = ap.parse_args()
    if (a.experiment == "press") != (a.tables is not None):
        ap.error("--tables is required with --experiment press, and only there")
    r = a.results
    with reading(f"{r}/config.yaml"), open(f"{r}/config.yaml") as f:
        cfg_text = f.read()
        cfg = yaml.safe_load(cfg_text)
        require(cfg, ["name", "grid.n", "grid.dx", "simulate.t_max", "simulate.precision", "simulate.solver"])
    figures = a.figures
    v, commit = version(a.bin, a.repo)
    times = stage_times(r)

    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>press: {html.escape(cfg['name'])}"
             f"</title><style>{CSS}</style></head><body>",
             f"<h1>press run <code>{html.escape(cfg['name'])}</code></h1>",
             '<nav><a href="#summary">summary</a><a href="#tables">tables</a><a href="#figures">figures</a>'
             '<a href="#times">stage times</a><a href="#config">config</a></nav>',
             '<h2 id="summary">Summary</h2><table class="facts">']
    facts = [("press", v), ("commit", commit), ("results", r),
             ("grid", f"{cfg['grid']['n']}² (dx {cfg['grid']['dx']}), T = {cfg['simulate']['t_max']}, "
                      f"{cfg['simulate']['precision']}, solver {cfg['simulate']['solver']}")]
    facts += {"press": lambda: press_facts(r, cfg), "nca": lambda: nca_facts(cfg), "binn": lambda: binn_facts(cfg)}[
        a.experiment]()
    parts += [f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(x))}</td></tr>" for k, x in facts]
    parts.append("</table>")
    if a.experiment == "press":
        parts.append('<h2 id="tables">Tables</h2><p>Ours first, the paper\'s values in parentheses, like for like '
                     "(each table's header says which metric is which). The CSV files beside this page hold every "
                     "column.</p>")
        with reading(a.tables), open(a.tables, encoding="utf-8") as f:
            tables = f.read()
            if "<section" not in tables:
                fail(a.tables, "no <section>: expected tabulate's tables.html")
    else:
        parts.append(f'<h2 id="tables">Tables</h2><p>The tables as written (docs/{a.experiment}.md says what each '
                     "column means); the paper prints no table to compare with.</p>")
        tables = "\n".join(csv_table(p) for p in a.csv)
    parts.append(tables)
    parts.append('<h2 id="figures">Figures</h2>')
    for p in figures:
        name = os.path.basename(p)[:-4]
        parts.append(f'<figure id="{html.escape(name)}"><img alt="{html.escape(name)}" src="{data_uri(p)}">'
                     f"<figcaption>{html.escape(name)} ({html.escape(p)})</figcaption></figure>")
    parts.append('<h2 id="times">Wall time of each stage</h2><p>From Snakemake\'s benchmark files, summed over '
                 "each stage's jobs (jobs that ran side by side count once each).</p>"
                 '<table class="facts"><tr><th>stage</th><th>jobs</th><th>wall seconds</th></tr>')
    for stage, (n, s) in sorted(times.items()):
        parts.append(f"<tr><td>{html.escape(stage)}</td><td>{n}</td><td>{s:,.1f}</td></tr>")
    total = sum(s for _, s in times.values())
    parts.append(f"<tr><th>total</th><th>{sum(n for n, _ in times.values())}</th><th>{total:,.1f}</th></tr></table>")
    parts.append(f'<h2 id="config">Resolved config</h2><pre>{html.escape(cfg_text)}</pre></body></html>\n')

    with output(a.out) as tmp, open(tmp, "w") as f:
        f.write("\n".join(parts))
    print(f"report: wrote {a.out} ({tables.count('<section')} tables, {len(figures)} figures)", file=sys.stderr)


if __name__ == "__main__":
    run("report", main)
