# press workflow: config -> candidates -> Turing filter -> simulated shards -> split -> train
# (the grid) -> evaluate -> tables and figures. See the README, "Running".
#   snakemake --cores N                                   # the paper (config/config.yaml)
#   snakemake --cores N --configfile config/quick.yaml    # minutes on 2 cores (make reproduce)
#   snakemake --cores N --configfile config/config.yaml my_overrides.yaml   # later files win, key by key
#   snakemake --cores N compare_solvers                   # CPU vs GPU backend -> results/bench/solvers.csv
#   snakemake --cores N nca --configfile config/quick_nca.yaml   # the NCA experiment (docs/nca.md)
#   snakemake --cores N binn --configfile config/quick_binn.yaml # equation discovery (docs/binn.md)
import os

from snakemake.utils import validate

BASE = workflow.basedir
configfile: os.path.join(BASE, "config/config.yaml")
validate(config, os.path.join(BASE, "config/schema.yaml"))

BIN = os.environ.get("PRESS_BIN", os.path.join(BASE, "build/bin"))
ENV = os.path.join(BASE, "envs/press.yaml")
R = f"results/{config['name']}"
# The simulation stages (sample_params to simulate) write to D: this run's directory, or with
# `data_from` another run's, whose shards this run then uses (the same keys, checked by
# stage_stamps); the split lives in S (stage_stamps: D's when its split keys are the same, else R).
D = f"results/{config.get('data_from') or config['name']}"
if "solver" in config:  # --config solver=gpu
    config["simulate"]["solver"] = config["solver"]
SIM = config["simulate"]
TRAIN = config["train"]
TAB = config["tabulate"]


include: "rules/common.smk"


own_params(config, os.path.join(BASE, "config/config.yaml"), workflow.overwrite_configfiles)
CFG = resolved_config(config, R)
check_config(BIN, CFG)  # the tools' own check (schema and the rules between keys), before any job
STAMP, S = stage_stamps(config, R, D)
# The data stages run with their directory's config file, so a run that trains on another run's
# data (`data_from`) passes them the same parameters as that run did (no rerun).
CFG_D = data_config(config, D) if D != R else CFG
CFG_S = CFG_D if S == D else CFG
GRID = dict(
    arch=TRAIN["archs"],
    n=config["split"]["pools"],
    lam=[lam_str(x) for x in TRAIN["lambdas"]],
    seed=TRAIN["seeds"],
)
MODEL = f"{R}/models/{{arch}}/n{{n}}/lam{{lam}}/seed{{seed}}"
# A model's metrics live in its directory: deleting the directory re-trains and re-evaluates it.
METRICS = f"{MODEL}/metrics_{{split}}.csv"
TABLES = expand(f"{R}/tables/{{t}}.{{ext}}", t=["table2", "table3", "table4", "table5", "paired"], ext=["csv", "md"]) + [
    f"{R}/tables/tables.html",
    f"{R}/tables/summary.csv",
    f"{R}/tables/floors.csv",
]
FIGURES = expand(
    f"{R}/figures/{{f}}.png",
    f=["figure1_patterns", "figure2_resimulation", "parity", "training_curves", "turing_region", "noise"],
)
# The focus cell (Table 4, Figure 2, parity plots, training curves), first seed.
FOCUS = dict(arch=TAB["focus_arch"], n=TAB["focus_n"], seed=TRAIN["seeds"][0])
GPU = 1 if SIM["solver"] == "gpu" else 0
# A model's bits, and the last digits of its predictions, depend on the thread count (LibTorch
# and OpenBLAS split reductions by thread): train and evaluate always run with train.threads,
# whatever --cores or a profile allots them (`threads:` below only schedules).
MODEL_THREADS = TRAIN["threads"]
# The physics fit (no training) on the test split, and the observation-noise study (table5): every
# fit variant at every noise level, and the focus cell's baseline and chosen lambda (every seed) at
# every level above 0.
LEVELS = [lam_str(x) for x in config["noise"]["levels"]]
FIT_METRICS = f"{R}/fit/{{variant}}/noise{{level}}/metrics_test.csv"
NOISE_METRICS = f"{MODEL}/noise{{level}}/metrics_test.csv"
ALL_FITS = expand(FIT_METRICS, variant=config["fit"]["variants"], level=LEVELS)
SELECTION = f"{R}/tables/selection.csv"


wildcard_constraints:
    arch="mlp|cnn_l[0-9]+_(none|maxpool|dilated)",
    n="[0-9]+",
    lam="[0-9.e+-]+",
    seed="[0-9]+",
    split="test|val",
    i="[0-9]+",
    role="base|press",
    variant="u|uv|u_band|uv_band",
    level="[0-9.e+-]+",


# The metrics are targets too: a deleted model directory is re-trained and re-evaluated (an
# intermediate file that is missing does not by itself make Snakemake rerun its consumers).
rule all:
    input:
        TABLES,
        SELECTION,
        FIGURES,
        expand(METRICS, **GRID, split=["val", "test"]),
        f"{R}/report.html",


rule sample_params:
    input:
        STAMP["sample_params"],
    output:
        f"{D}/candidates.csv",
    log:
        f"{D}/logs/sample_params.log",
    benchmark:
        f"{D}/benchmarks/sample_params.tsv"
    params:
        bin=BIN,
        cfg=CFG_D,
    conda:
        ENV
    shell:
        "{params.bin}/sample_params --config {params.cfg} --out {output} 2> {log}"


checkpoint lsa_filter:
    input:
        STAMP["lsa_filter"],
        candidates=f"{D}/candidates.csv",
    output:
        f"{D}/turing.csv",
    log:
        f"{D}/logs/lsa_filter.log",
    benchmark:
        f"{D}/benchmarks/lsa_filter.tsv"
    threads: workflow.cores
    params:
        bin=BIN,
        cfg=CFG_D,
    conda:
        ENV
    shell:
        "{params.bin}/lsa_filter --config {params.cfg} --in {input.candidates} --out {output} --threads {threads} 2> {log}"


# FFTW plans measured once, so every shard executes the same plans (bit-identical samples
# whatever the sharding); only the CPU solver needs it.
rule fftw_wisdom:
    input:
        STAMP["simulate"],
    output:
        f"{D}/fftw.wisdom",
    log:
        f"{D}/logs/fftw_wisdom.log",
    params:
        bin=BIN,
        cfg=CFG_D,
    conda:
        ENV
    shell:
        "{params.bin}/simulate --config {params.cfg} --solver cpu --plan-only --wisdom {output} 2> {log}"


rule simulate:
    input:
        STAMP["simulate"],
        turing=f"{D}/turing.csv",
        wisdom=[f"{D}/fftw.wisdom"] if SIM["solver"] == "cpu" else [],
    output:
        f"{D}/sim/shard_{{i}}.h5",
    params:
        bin=BIN,
        cfg=CFG_D,
        first=lambda w: int(w.i) * SIM["shard_size"],
        n=SIM["shard_size"],
        wisdom=lambda w, input: f"--wisdom {input.wisdom}" if input.wisdom else "",
    conda:
        ENV
    log:
        f"{D}/logs/simulate/shard_{{i}}.log",
    benchmark:
        f"{D}/benchmarks/simulate/shard_{{i}}.tsv"
    threads: workflow.cores
    resources:
        gpu=GPU,
    shell:
        "{params.bin}/simulate --config {params.cfg} --in {input.turing} --out {output} "
        "--first {params.first} --count {params.n} --threads {threads} {params.wisdom} 2> {log}"


rule split:
    input:
        STAMP["split"],
        shards=shard_files,
    output:
        data=f"{S}/data/dataset.h5",
        test=f"{S}/data/splits/test.csv",
        lists=expand(f"{S}/data/splits/n{{n}}_{{part}}.csv", n=config["split"]["pools"], part=["train", "val"]),
    log:
        f"{S}/logs/split.log",
    benchmark:
        f"{S}/benchmarks/split.tsv"
    params:
        bin=BIN,
        cfg=CFG_S,
        out=lambda w, output: os.path.dirname(output.data),
    conda:
        ENV
    shell:
        "{params.bin}/split --config {params.cfg} --out-dir {params.out} {input.shards} 2> {log}"


rule train:
    input:
        STAMP["train"],
        data=f"{S}/data/dataset.h5",
        lists=split_lists,
    output:
        model=f"{MODEL}/model.pt",
        log=f"{MODEL}/log.csv",
        settings=f"{MODEL}/settings.yaml",
    log:
        f"{R}/logs/train/{{arch}}_n{{n}}_lam{{lam}}_seed{{seed}}.log",
    benchmark:
        f"{R}/benchmarks/train/{{arch}}_n{{n}}_lam{{lam}}_seed{{seed}}.tsv"
    threads: min(TRAIN["threads"], workflow.cores)
    resources:
        gpu=1 if TRAIN["device"] == "cuda" else 0,
    params:
        bin=BIN,
        threads=MODEL_THREADS,
        cfg=CFG,
        dir=lambda w, output: os.path.dirname(output.model),
        splits=lambda w, input: os.path.dirname(input.lists[0]),
    conda:
        ENV
    shell:
        "{params.bin}/train --config {params.cfg} --data {input.data} --splits {params.splits} --arch {wildcards.arch} "
        "--n {wildcards.n} --lambda {wildcards.lam} --seed {wildcards.seed} --out-dir {params.dir} "
        "--threads {params.threads} 2> {log}"


rule evaluate:
    input:
        STAMP["evaluate"],
        model=f"{MODEL}/model.pt",
        data=f"{S}/data/dataset.h5",
        lists=split_lists,
    output:
        metrics=METRICS,
        predictions=METRICS.replace(".csv", ".predictions.csv"),
    log:
        f"{R}/logs/evaluate/{{arch}}_n{{n}}_lam{{lam}}_seed{{seed}}_{{split}}.log",
    threads: min(TRAIN["threads"], workflow.cores)
    params:
        bin=BIN,
        threads=MODEL_THREADS,
        cfg=CFG,
        dir=lambda w, input: os.path.dirname(input.model),
        splits=lambda w, input: os.path.dirname(input.lists[0]),
    conda:
        ENV
    shell:
        "{params.bin}/evaluate --config {params.cfg} --model {params.dir} --data {input.data} --splits {params.splits} "
        "--split {wildcards.split} --out {output.metrics} --predictions {output.predictions} --threads {params.threads} 2> {log}"


# The focus cell's models under observation noise on their input (table5).
rule evaluate_noise:
    input:
        STAMP["evaluate"],
        model=f"{MODEL}/model.pt",
        data=f"{S}/data/dataset.h5",
        lists=split_lists,
    output:
        metrics=NOISE_METRICS,
        predictions=NOISE_METRICS.replace(".csv", ".predictions.csv"),
    log:
        f"{R}/logs/evaluate/{{arch}}_n{{n}}_lam{{lam}}_seed{{seed}}_test_noise{{level}}.log",
    threads: min(TRAIN["threads"], workflow.cores)
    params:
        bin=BIN,
        threads=MODEL_THREADS,
        cfg=CFG,
        dir=lambda w, input: os.path.dirname(input.model),
        splits=lambda w, input: os.path.dirname(input.lists[0]),
    conda:
        ENV
    shell:
        "{params.bin}/evaluate --config {params.cfg} --model {params.dir} --data {input.data} --splits {params.splits} "
        "--split test --noise {wildcards.level} --out {output.metrics} --predictions {output.predictions} "
        "--threads {params.threads} 2> {log}"


# The per-instance physics fit of every test pattern (NOTES 6): no training, one row per variant
# and noise level.
rule fit:
    input:
        STAMP["fit"],
        data=f"{S}/data/dataset.h5",
        test=f"{S}/data/splits/test.csv",
    output:
        metrics=FIT_METRICS,
        predictions=FIT_METRICS.replace(".csv", ".predictions.csv"),
    log:
        f"{R}/logs/fit/{{variant}}_noise{{level}}.log",
    benchmark:
        f"{R}/benchmarks/fit/{{variant}}_noise{{level}}.tsv"
    threads: workflow.cores
    params:
        bin=BIN,
        cfg=CFG,
        input=lambda w: w.variant.split("_")[0],
        denoise=lambda w: "band" if w.variant.endswith("_band") else "none",
    conda:
        ENV
    shell:
        "{params.bin}/fit --config {params.cfg} {input.data} --list {input.test} --input {params.input} "
        "--denoise {params.denoise} --noise {wildcards.level} --out {output.predictions} --metrics {output.metrics} "
        "--threads {threads} 2> {log}"


# The lambda of each cell, chosen on validation and on test: the one choice that tabulate, the
# figures and the noise study read.
checkpoint select:
    input:
        STAMP["select"],
        metrics=expand(METRICS, **GRID, split=["val", "test"]),
    output:
        SELECTION,
    log:
        f"{R}/logs/select.log",
    params:
        bin=BIN,
        cfg=CFG,
    conda:
        ENV
    shell:
        "{params.bin}/select --config {params.cfg} --out {output} {input.metrics} 2> {log}"


rule tabulate:
    input:
        STAMP["tabulate"],
        selection=SELECTION,
        metrics=expand(METRICS, **GRID, split=["val", "test"]),
        fits=ALL_FITS,
        noisy=chosen_noisy,
    output:
        TABLES,
        figure2=expand(f"{R}/tables/figure2{{s}}.csv", s=["", "_base", "_press"]),
    log:
        f"{R}/logs/tabulate.log",
    params:
        bin=BIN,
        cfg=CFG,
        out=lambda w, output: os.path.dirname(output[0]),
        paper=os.path.join(BASE, "config/paper"),
    conda:
        ENV
    shell:
        "{params.bin}/tabulate --config {params.cfg} --out-dir {params.out} --paper-dir {params.paper} "
        "--selection {input.selection} {input.metrics} {input.fits} {input.noisy} 2> {log}"


# Figure 2: the baseline's and PRESS's predicted parameters go back through the solver, from
# the same initial noise as the test sample (same id).
rule resimulate:
    input:
        STAMP["simulate"],
        params=f"{R}/tables/figure2_{{role}}.csv",
        wisdom=[f"{D}/fftw.wisdom"] if SIM["solver"] == "cpu" else [],
    output:
        lsa=f"{R}/figures/data/resim_{{role}}.csv",
        shard=f"{R}/figures/data/resim_{{role}}.h5",
    log:
        f"{R}/logs/resimulate_{{role}}.log",
    benchmark:
        f"{R}/benchmarks/resimulate_{{role}}.tsv"
    resources:
        gpu=GPU,
    params:
        bin=BIN,
        cfg=CFG,
        wisdom=lambda w, input: f"--wisdom {input.wisdom}" if input.wisdom else "",
    conda:
        ENV
    shell:
        "({params.bin}/lsa_filter --config {params.cfg} --all --in {input.params} --out {output.lsa} && "
        "{params.bin}/simulate --config {params.cfg} --in {output.lsa} --out {output.shard} --threads 1 "
        "{params.wisdom}) 2> {log}"


PY = python3(workflow.use_conda)  # checked: it has matplotlib, h5py, numpy and yaml
FIG = f"{PY} {os.path.join(BASE, 'tools/figures.py')}"
# The focus cell's test metrics (figures.py reads each model's lambda there) and what lies beside them.
FOCUS_METRICS = expand(METRICS, arch=FOCUS["arch"], n=FOCUS["n"], lam=GRID["lam"], seed=FOCUS["seed"], split="test")
FOCUS_PRED = [m.replace(".csv", ".predictions.csv") for m in FOCUS_METRICS]


rule figure1:
    input:
        STAMP["figures"],
        data=f"{S}/data/dataset.h5",
        turing=f"{D}/turing.csv",
    output:
        f"{R}/figures/figure1_patterns.png",
    log:
        f"{R}/logs/figures/figure1.log",
    params:
        cfg=CFG,
        fig=FIG,
    conda:
        ENV
    shell:
        "{params.fig} figure1 --config {params.cfg} --data {input.data} --turing {input.turing} --out {output} 2> {log}"


rule figure2:
    input:
        STAMP["figures"],
        data=f"{S}/data/dataset.h5",
        rows=f"{R}/tables/figure2.csv",
        base=f"{R}/figures/data/resim_base.h5",
        press=f"{R}/figures/data/resim_press.h5",
    output:
        f"{R}/figures/figure2_resimulation.png",
    log:
        f"{R}/logs/figures/figure2.log",
    params:
        cfg=CFG,
        fig=FIG,
    conda:
        ENV
    shell:
        "{params.fig} figure2 --config {params.cfg} --data {input.data} --rows {input.rows} --base {input.base} "
        "--press {input.press} --out {output} 2> {log}"


rule parity:
    input:
        STAMP["figures"],
        selection=SELECTION,
        metrics=FOCUS_METRICS,
        predictions=FOCUS_PRED,
    output:
        f"{R}/figures/parity.png",
    log:
        f"{R}/logs/figures/parity.log",
    params:
        cfg=CFG,
        fig=FIG,
    conda:
        ENV
    shell:
        "{params.fig} parity --config {params.cfg} --selection {input.selection} --out {output} {input.metrics} 2> {log}"


rule training_curves:
    input:
        STAMP["figures"],
        selection=SELECTION,
        metrics=FOCUS_METRICS,
        logs=expand(f"{MODEL}/log.csv", arch=FOCUS["arch"], n=FOCUS["n"], lam=GRID["lam"], seed=FOCUS["seed"]),
    output:
        f"{R}/figures/training_curves.png",
    log:
        f"{R}/logs/figures/training_curves.log",
    params:
        cfg=CFG,
        fig=FIG,
    conda:
        ENV
    shell:
        "{params.fig} curves --config {params.cfg} --selection {input.selection} --out {output} {input.metrics} "
        "2> {log}"


rule turing_region:
    input:
        STAMP["figures"],
        candidates=f"{D}/candidates.csv",
        turing=f"{D}/turing.csv",
    output:
        f"{R}/figures/turing_region.png",
    log:
        f"{R}/logs/figures/turing_region.log",
    params:
        cfg=CFG,
        fig=FIG,
    conda:
        ENV
    shell:
        "{params.fig} turing --config {params.cfg} --candidates {input.candidates} --turing {input.turing} --out {output} "
        "2> {log}"


rule noise_figure:
    input:
        STAMP["figures"],
        table5=f"{R}/tables/table5.csv",
    output:
        f"{R}/figures/noise.png",
    log:
        f"{R}/logs/figures/noise.log",
    params:
        cfg=CFG,
        fig=FIG,
    conda:
        ENV
    shell:
        "{params.fig} noise --config {params.cfg} --table5 {input.table5} --out {output} 2> {log}"


rule report:
    input:
        tables=f"{R}/tables/tables.html",
        figures=FIGURES,
        config=CFG,
        candidates=f"{D}/candidates.csv",
        turing=f"{D}/turing.csv",
        data=f"{S}/data/dataset.h5",
        metrics=expand(METRICS, **GRID, split=["val", "test"]),
    output:
        f"{R}/report.html",
    log:
        f"{R}/logs/report.log",
    params:
        py=PY,
        script=os.path.join(BASE, "tools/report.py"),
        bin=BIN,
        repo=BASE,
        results=lambda w, input: os.path.dirname(input.config),
    conda:
        ENV
    shell:
        "{params.py} {params.script} --results {params.results} --bin {params.bin} --repo {params.repo} "
        "--tables {input.tables} --out {output} {input.figures} 2> {log}"


include: "rules/compare_solvers.smk"
include: "rules/nca.smk"
include: "rules/binn.smk"
