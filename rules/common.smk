# Helper functions for the Snakefile (kept apart from the rules).
import math
import os

import yaml


# The tools read exactly the config Snakemake validated (file + --configfile + --config), from
# one resolved copy, passed as a parameter (not an input). Each stage depends instead on its
# own stamp: the config keys that stage reads itself, rewritten only when they change. So a
# config edit reruns exactly the stages it affects and what follows from their outputs; an
# edit to the grid lists (train.archs, lambdas, seeds) adds or drops cells and retrains none
# of the others.
def write_if_changed(path, text):
    if not os.path.exists(path) or open(path).read() != text:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(f"{path}.tmp", "w") as f:
            f.write(text)
        os.replace(f"{path}.tmp", path)
    return path


def check_config(bin_dir, cfg):
    """Run the C++ config check on the resolved config; stop the workflow with its one line."""
    import subprocess
    from snakemake.exceptions import WorkflowError

    tool = os.path.join(bin_dir, "sample_params")
    if not os.path.exists(tool):  # not built yet (a dry run before `make build`): the jobs would fail
        return
    r = subprocess.run([tool, "--config", cfg, "--check-config"], capture_output=True, text=True)
    if r.returncode != 0:
        raise WorkflowError(r.stderr.strip())


def own_params(config, default_file, configfiles):
    """Snakemake merges every --configfile into config/config.yaml key by key, so a config for
    other kinetics would inherit the default Gierer-Meinhardt box (params.c, params.delta). When
    the kinetics is not the default file's, params come from the given files alone (later ones
    win); the tools then refuse any key that is not a parameter of that kinetics."""
    default = yaml.safe_load(open(default_file))
    if config["model"].get("kinetics", "murray") == default["model"].get("kinetics", "murray"):
        return
    params = {}
    for f in configfiles:
        params.update((yaml.safe_load(open(f)) or {}).get("params") or {})
    config["params"] = params


def resolved_config(config, R):
    return write_if_changed(f"{R}/config.yaml", yaml.safe_dump(config, sort_keys=True))


def data_config(config, D):
    """D's resolved config, the file the data run's stages read; written from this config (its
    simulation keys are D's, checked by stage_stamps) when the data run has not yet written it."""
    path = f"{D}/config.yaml"
    if not os.path.exists(path):
        theirs = {k: v for k, v in config.items() if k != "data_from"}
        theirs["name"] = config["data_from"]
        write_if_changed(path, yaml.safe_dump(theirs, sort_keys=True))
    return path


# binn keys that only the two-species stages read (discover_kinetics; docs/binn.md "Two species").
DISCOVER_KINETICS_KEYS = ["kinetics_starts", "weak_width", "weak_frames", "simex_draws", "two_species_noise",
                          "two_species_frame_every"]

# stage -> (top-level keys, section, keys of the section left out: grid lists and knobs that
# do not change results). Every tool reads `reproducible` (strict pins its CPU code paths).
STAGE_KEYS = {
    "sample_params": (["reproducible", "seed", "params", "model"], "sample_params", []),
    "lsa_filter": (["reproducible", "model", "grid"], "lsa_filter", []),
    "simulate": (["reproducible", "seed", "model", "grid"], "simulate", ["progress_seconds"]),
    "split": (["reproducible", "seed", "model"], "split", []),  # model.kinetics: the shards must hold it
    "train": (["reproducible", "params", "model", "metrics"], "train",
              ["archs", "lambdas", "seeds", "device", "threads", "checkpoint_seconds", "progress_seconds"]),
    "evaluate": (["reproducible", "seed", "params", "model", "metrics"], "evaluate", []),
    "fit": (["reproducible", "seed", "params", "model", "metrics"], "fit", ["variants", "progress_seconds"]),
    "select": (["reproducible", "params", "model"], "select", []),  # no section of its own
    "tabulate": (["reproducible", "params", "model"], "tabulate", []),
    "figures": (["params", "grid", "tabulate", "model", "nca", "binn"], "figures", []),  # boxes, grid.n, the focus cell; nca; binn
    # nca.sweep lists cells and seeds (each cell's t and noise reach its command line): adding one
    # retrains nothing that exists
    "train_nca": (["reproducible"], "nca", ["seeds", "trajectories", "test_trajectories", "test_horizon",
                                           "test_initial", "lsa_filter", "progress_seconds", "checkpoint_seconds",
                                           "sweep"]),
    "rollout": (["reproducible"], "nca", ["seeds", "epochs", "test_initial", "lsa_filter", "progress_seconds",
                                         "checkpoint_seconds", "sweep"]),
    "compare_solvers": (["reproducible", "seed", "model", "grid"], "compare_solvers", []),
    "binn_data": (["reproducible", "seed"], "binn", ["laws", "d_max", "g_max", "epochs", "patience", "batch_size",
                                                   "collocation", "lr", "val_fraction", "seeds", "progress_seconds",
                                                   "max_form_size", "sindy_threshold", "resim_fine", "resim_max_evals",
                                                   "resim_growth_forms", "checkpoint_seconds", *DISCOVER_KINETICS_KEYS]),
    # resim_fine reaches train_binn and sindy too: their discovered equations are re-simulated
    "train_binn": (["reproducible"], "binn", ["laws", "seeds", "progress_seconds", "sindy_threshold", "resim_max_evals", "resim_growth_forms", "checkpoint_seconds",
                                              *DISCOVER_KINETICS_KEYS]),
    "sindy": (["reproducible"], "binn", ["laws", "seeds", "progress_seconds", "d_max", "g_max", "epochs", "patience",
                                         "batch_size", "collocation", "lr", "val_fraction", "max_form_size",
                                         "resim_max_evals", "resim_growth_forms", "checkpoint_seconds",
                                         *DISCOVER_KINETICS_KEYS]),
    "resim_fit": (["reproducible"], "binn", ["laws", "seeds", "progress_seconds", "d_max", "g_max", "epochs",
                                             "patience", "batch_size", "collocation", "lr", "val_fraction",
                                             "max_form_size", "sindy_threshold", "checkpoint_seconds",
                                             *DISCOVER_KINETICS_KEYS]),
    # the keys discover_kinetics reads and the trajectory's frame spacing; the rest of binn is the
    # one-species experiment's, and binn.two_species_noise names the outputs
    "discover_kinetics": (["reproducible", "seed"], "binn",
                          ["diffusion", "laws", "growth", "amplitude", "length", "observed", "fine", "frames", "t_max",
                           "boundary", "rtol", "atol", "noise_levels", "noise_gamma", "d_max", "g_max", "epochs",
                           "patience", "batch_size", "collocation", "lr", "val_fraction", "seeds", "progress_seconds",
                           "max_form_size", "checkpoint_seconds", "resim_fine", "resim_max_evals",
                           "resim_growth_forms", "two_species_noise"]),
}


SIM_STAGES = ("sample_params", "lsa_filter", "simulate")


def stage_stamps(config, R, D):
    """Each stage's stamp, and S: the directory of the split this run trains on. The simulation
    stages' stamps are D's. When D is another run's (`data_from`), its simulations must have been
    made with this config's keys: a stamp there that differs stops the workflow (rewriting it would
    re-simulate the other run's data under it). The split is D's when its keys are this config's
    (or D has none yet); otherwise this run splits D's shards itself, in R (say, another filter)."""
    from snakemake.exceptions import WorkflowError

    out, S = {}, R
    for stage, (top, section, drop) in STAGE_KEYS.items():
        keys = {k: config[k] for k in top if k in config}
        keys[section] = {k: v for k, v in config.get(section, {}).items() if k not in drop}
        text = yaml.safe_dump(keys, sort_keys=True)
        theirs = f"{D}/stamps/{stage}.yaml"
        same = not os.path.exists(theirs) or open(theirs).read() == text
        if D != R and stage in SIM_STAGES and not same:
            raise WorkflowError(
                f"config: key 'data_from' value '{config['data_from']}': {theirs} holds other {stage} settings than "
                f"this config's: expected the data run's keys ({', '.join(top + [section])}) unchanged"
            )
        if stage == "split" and same:
            S = D
        shared = stage in SIM_STAGES or (stage == "split" and S == D)
        out[stage] = write_if_changed(theirs if shared else f"{R}/stamps/{stage}.yaml", text)
    return out, S


def nonempty(files, message):
    """`files`, or a WorkflowError with `message` when there are none (an input function's guard: a
    rule that concatenates its inputs would otherwise wait on standard input)."""
    if not files:
        raise WorkflowError(message)
    return files


def lam_str(x):
    """lambda as it appears in paths and on the command line: 0, 0.1, 0.0001, 1e-05. The twin of
    lambda_label (lib/press/learn/arch.hpp): %g, exact for train.lambdas (the config rules)."""
    return f"{float(x):g}"


def focus_lambda(selection, focus):
    """The focus cell's lambda chosen on validation, from select's selection.csv."""
    import csv

    with open(selection) as f:
        for r in csv.DictReader(f):
            if r["arch"] == focus["arch"] and int(r["n"]) == int(focus["n"]):
                return lam_str(r["lambda_val"])
    raise ValueError(f"{selection}: no row for {focus['arch']} n={focus['n']}: expected select's focus cell")


def shard_files(wildcards):  # uses the D, SIM globals of the Snakefile
    """All shards of turing.csv (known once the lsa_filter checkpoint has run)."""
    turing = checkpoints.lsa_filter.get().output[0]
    with open(turing) as f:
        rows = sum(1 for _ in f) - 1
    n = math.ceil(rows / SIM["shard_size"])
    return expand(f"{D}/sim/shard_{{i:05d}}.h5", i=range(n))


def python3(use_conda):
    """The python3 that draws the figures: $PRESS_PYTHON if set; else, under --use-conda, the
    environment's python3; else the interpreter running Snakemake (Debian's snakemake runs
    /usr/bin/python3, whatever python3 comes first on PATH). Checked once at start: without
    matplotlib, h5py, numpy or yaml the workflow stops with one line saying what to install."""
    import subprocess
    import sys
    from snakemake.exceptions import WorkflowError

    py = os.environ.get("PRESS_PYTHON") or ("python3" if use_conda else sys.executable)
    if use_conda and not os.environ.get("PRESS_PYTHON"):
        return py  # the conda environment (envs/press.yaml) provides them
    try:
        r = subprocess.run([py, "-c", "import matplotlib, h5py, numpy, yaml"], capture_output=True, text=True)
        why = (r.stderr.strip().splitlines() or [""])[-1] if r.returncode else ""
    except OSError as e:
        why = str(e)
    if why:
        raise WorkflowError(
            f"figures: {py}: {why}: expected a python3 with matplotlib, h5py, numpy and yaml (Debian: apt-get "
            "install python3-matplotlib python3-h5py python3-numpy python3-yaml; or set PRESS_PYTHON to one)"
        )
    return py


def split_lists(w):  # uses the S global of the Snakefile
    return [f"{S}/data/splits/test.csv", f"{S}/data/splits/n{w.n}_train.csv", f"{S}/data/splits/n{w.n}_val.csv"]


def chosen_noisy(wildcards):  # uses the checkpoints, FOCUS, NOISE_METRICS, TRAIN, LEVELS globals of the Snakefile
    """The noise study's models: the focus cell's baseline and its λ chosen on validation (select's
    selection.csv, known once the select checkpoint has run), every seed, every level above 0."""
    lam = focus_lambda(checkpoints.select.get().output[0], FOCUS)
    return expand(
        NOISE_METRICS, arch=FOCUS["arch"], n=FOCUS["n"], lam=["0", lam], seed=TRAIN["seeds"],
        level=[x for x in LEVELS if float(x) > 0],
    )
