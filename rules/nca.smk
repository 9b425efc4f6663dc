# The NCA experiment (issue 23; docs/nca.md): Gray-Scott (or any system's) trajectories with frames
# -> train_nca per seed -> rollout to test_horizon x the training horizon from initial conditions
# never seen in training -> tables/nca.csv, figures/nca.png and report_nca.html. A target of its own:
#   snakemake --cores N nca --configfile config/quick_nca.yaml
# The sweeps (nca.sweep: Figure 4's t values at noise 0, Figure 6's noise values at nca.t), one
# train_nca + rollout per cell and seed under nca/sweep/t<T>_noise<XI>/seed<S>/ -> tables/nca_sweep.csv
# and figures/nca_sweep.png:
#   snakemake --cores N nca_sweep --configfile config/quick_nca.yaml
# Uses the Snakefile's R, BIN, CFG, STAMP, FIG, PY, ENV, SIM globals.
import math

NCA = config.get("nca", {})
NCA_DIR = f"{R}/nca"
NCA_SEEDS = NCA.get("seeds", [0])
NCA_TRAIN = NCA.get("trajectories", 4)
NCA_TEST = NCA.get("test_trajectories", 2)
NCA_TEST_T = SIM["t_max"] * NCA.get("test_horizon", 2)
NCA_SWEEP = NCA.get("sweep", {})
NCA_CELLS = list(dict.fromkeys(
    [f"t{t}_noise0" for t in NCA_SWEEP.get("t", [])]
    + [f"t{NCA.get('t', 32)}_noise{xi:g}" for xi in NCA_SWEEP.get("noise", [])]))
NCA_SWEEP_SEEDS = NCA_SWEEP.get("seeds", [0])
# The training trajectories keep a frame every gcd of simulate.frame_every and every t trained on,
# so that every cell subsamples the same shard (the test trajectories keep simulate.frame_every).
NCA_TRAIN_EVERY = math.gcd(SIM["frame_every"], NCA.get("t", 32), *NCA_SWEEP.get("t", []))
# One training and one rollout command for the main run and the sweep's cells.
NCA_TRAIN_SHELL = (
    "{params.bin}/train_nca --config {params.cfg} {input.data} --out-dir {params.out} --seed {wildcards.seed} "
    "--threads {threads} {params.cell} 2> {log}")
NCA_ROLLOUT_SHELL = (
    "{params.bin}/rollout --config {params.cfg} --model-dir {params.model} --in {input.test} --out {output.scores} "
    "--summary {output.summary} --frames {output.frames} --threads {threads} 2> {log}")
# Each seed's (or cell's) summary rows under the first file's header; a temporary renamed into place.
NCA_TABLE_SHELL = "(awk 'NR == 1 || FNR > 1' {input.summaries} > {output}.tmp && mv {output}.tmp {output}) 2> {log}"


wildcard_constraints:
    cell="t[0-9]+_noise[0-9.e+-]+",


rule nca:
    input:
        f"{R}/tables/nca.csv",
        f"{R}/figures/nca.png",
        f"{R}/report_nca.html",


rule nca_params:
    input:
        STAMP["sample_params"],
        STAMP["lsa_filter"] if NCA.get("lsa_filter", False) else [],
    output:
        f"{NCA_DIR}/params.csv",
    log:
        f"{R}/logs/nca/params.log",
    params:
        bin=BIN,
        cfg=CFG,
        n=NCA_TRAIN + NCA_TEST,
        lsa_filter=NCA.get("lsa_filter", False),
    conda:
        ENV
    shell:
        # Without the filter: the first n draws. With it: sample_params.n_candidates draws, the
        # Turing-unstable ones in order (with their u_star, v_star: noise starts around them), at least n.
        "(if [ {params.lsa_filter} = True ]; then "
        "{params.bin}/sample_params --config {params.cfg} --out {output}.candidates && "
        "{params.bin}/lsa_filter --config {params.cfg} --in {output}.candidates --out {output}.tmp && "
        "rm {output}.candidates && kept=$(($(wc -l < {output}.tmp) - 1)) && "
        "if [ $kept -lt {params.n} ]; then rm {output}.tmp; echo \"nca_params: error: {params.cfg}: key 'nca.lsa_filter': $kept "
        "Turing-unstable sets of sample_params.n_candidates: expected at least {params.n} (nca.trajectories and "
        "nca.test_trajectories together): widen params or raise sample_params.n_candidates\" >&2; exit 1; fi && mv {output}.tmp {output}; "
        "else {params.bin}/sample_params --config {params.cfg} --n {params.n} --out {output}; fi) 2> {log}"


rule nca_data:
    input:
        STAMP["simulate"],
        params=f"{NCA_DIR}/params.csv",
    output:
        train=f"{NCA_DIR}/train.h5",
        test=f"{NCA_DIR}/test.h5",
    log:
        f"{R}/logs/nca/data.log",
    params:
        bin=BIN,
        cfg=CFG,
        first=NCA_TRAIN,
        test=NCA_TEST,
        t_max=NCA_TEST_T,
        every=NCA_TRAIN_EVERY,
        initial=NCA.get("test_initial", "random_rectangles"),
    threads: workflow.cores
    conda:
        ENV
    shell:
        "({params.bin}/simulate --config {params.cfg} --in {input.params} --count {params.first} --out {output.train} "
        "--frame-every {params.every} --threads {threads} && "
        "{params.bin}/simulate --config {params.cfg} --in {input.params} --first {params.first} --count {params.test} "
        "--initial {params.initial} --t-max {params.t_max} --out {output.test} --threads {threads}) 2> {log}"


rule train_nca:
    input:
        STAMP["train_nca"],
        data=f"{NCA_DIR}/train.h5",
    output:
        model=f"{NCA_DIR}/seed{{seed}}/model.pt",
        log=f"{NCA_DIR}/seed{{seed}}/log.csv",
        settings=f"{NCA_DIR}/seed{{seed}}/settings.yaml",
    log:
        f"{R}/logs/nca/train_seed{{seed}}.log",
    benchmark:
        f"{R}/benchmarks/nca/train_seed{{seed}}.tsv"
    params:
        bin=BIN,
        cfg=CFG,
        out=lambda w, output: os.path.dirname(output.model),
        cell="",
    threads: 1
    conda:
        ENV
    shell:
        NCA_TRAIN_SHELL


rule rollout:
    input:
        STAMP["rollout"],
        model=f"{NCA_DIR}/seed{{seed}}/model.pt",
        test=f"{NCA_DIR}/test.h5",
    output:
        scores=f"{NCA_DIR}/seed{{seed}}/scores.csv",
        summary=f"{NCA_DIR}/seed{{seed}}/summary.csv",
        frames=f"{NCA_DIR}/seed{{seed}}/frames.h5",
    log:
        f"{R}/logs/nca/rollout_seed{{seed}}.log",
    params:
        bin=BIN,
        cfg=CFG,
        model=lambda w, input: os.path.dirname(input.model),
    threads: 1
    conda:
        ENV
    shell:
        NCA_ROLLOUT_SHELL


rule nca_table:
    input:
        summaries=expand(f"{NCA_DIR}/seed{{seed}}/summary.csv", seed=NCA_SEEDS),
    output:
        f"{R}/tables/nca.csv",
    log:
        f"{R}/logs/nca/table.log",
    conda:
        ENV
    shell:
        NCA_TABLE_SHELL


rule nca_figure:
    input:
        STAMP["figures"],
        data=f"{NCA_DIR}/test.h5",
        nca=f"{NCA_DIR}/seed{NCA_SEEDS[0]}/frames.h5",
        scores=f"{NCA_DIR}/seed{NCA_SEEDS[0]}/scores.csv",
    output:
        f"{R}/figures/nca.png",
    log:
        f"{R}/logs/figures/nca.log",
    params:
        cfg=CFG,
        fig=FIG,
    conda:
        ENV
    shell:
        "{params.fig} nca --config {params.cfg} --data {input.data} --nca {input.nca} --scores {input.scores} "
        "--out {output} 2> {log}"


rule report_nca:
    input:
        tables=f"{R}/tables/nca.csv",
        figures=f"{R}/figures/nca.png",
        config=CFG,
    output:
        f"{R}/report_nca.html",
    log:
        f"{R}/logs/report_nca.log",
    params:
        py=PY,
        script=os.path.join(BASE, "tools/report.py"),
        bin=BIN,
        repo=BASE,
        results=lambda w, input: os.path.dirname(input.config),
    conda:
        ENV
    shell:
        "{params.py} {params.script} --experiment nca --results {params.results} --bin {params.bin} --repo {params.repo} "
        "--csv {input.tables} --out {output} {input.figures} 2> {log}"


rule nca_sweep:
    input:
        f"{R}/tables/nca_sweep.csv",
        f"{R}/figures/nca_sweep.png",


rule train_nca_cell:
    input:
        STAMP["train_nca"],
        data=f"{NCA_DIR}/train.h5",
    output:
        model=f"{NCA_DIR}/sweep/{{cell}}/seed{{seed}}/model.pt",
        log=f"{NCA_DIR}/sweep/{{cell}}/seed{{seed}}/log.csv",
        settings=f"{NCA_DIR}/sweep/{{cell}}/seed{{seed}}/settings.yaml",
    log:
        f"{R}/logs/nca/sweep/{{cell}}/train_seed{{seed}}.log",
    benchmark:
        f"{R}/benchmarks/nca_sweep/{{cell}}_train_seed{{seed}}.tsv"
    params:
        bin=BIN,
        cfg=CFG,
        out=lambda w, output: os.path.dirname(output.model),
        cell=lambda w: "--t {} --noise {}".format(*w.cell[1:].split("_noise")),
    threads: 1
    conda:
        ENV
    shell:
        NCA_TRAIN_SHELL


rule rollout_cell:
    input:
        STAMP["rollout"],
        model=f"{NCA_DIR}/sweep/{{cell}}/seed{{seed}}/model.pt",
        test=f"{NCA_DIR}/test.h5",
    output:
        scores=f"{NCA_DIR}/sweep/{{cell}}/seed{{seed}}/scores.csv",
        summary=f"{NCA_DIR}/sweep/{{cell}}/seed{{seed}}/summary.csv",
        frames=f"{NCA_DIR}/sweep/{{cell}}/seed{{seed}}/frames.h5",
    log:
        f"{R}/logs/nca/sweep/{{cell}}/rollout_seed{{seed}}.log",
    params:
        bin=BIN,
        cfg=CFG,
        model=lambda w, input: os.path.dirname(input.model),
    threads: 1
    conda:
        ENV
    shell:
        NCA_ROLLOUT_SHELL


rule nca_sweep_table:
    input:
        summaries=lambda w: nonempty(
            expand(f"{NCA_DIR}/sweep/{{cell}}/seed{{seed}}/summary.csv", cell=NCA_CELLS, seed=NCA_SWEEP_SEEDS),
            "nca.sweep: no t and no noise values: expected nca.sweep.t or nca.sweep.noise for the nca_sweep target "
            "(docs/nca.md)"),
    output:
        f"{R}/tables/nca_sweep.csv",
    log:
        f"{R}/logs/nca/sweep_table.log",
    conda:
        ENV
    shell:
        NCA_TABLE_SHELL


rule nca_sweep_figure:
    input:
        STAMP["figures"],
        table=f"{R}/tables/nca_sweep.csv",
        data=f"{NCA_DIR}/test.h5",
        frames=expand(f"{NCA_DIR}/sweep/{{cell}}/seed{NCA_SWEEP_SEEDS[0]}/frames.h5", cell=NCA_CELLS),
    output:
        f"{R}/figures/nca_sweep.png",
    log:
        f"{R}/logs/figures/nca_sweep.log",
    params:
        cfg=CFG,
        fig=FIG,
    conda:
        ENV
    shell:
        "{params.fig} nca_sweep --config {params.cfg} --table {input.table} --data {input.data} --out {output} "
        "{input.frames} 2> {log}"
