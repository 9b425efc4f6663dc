# The NCA experiment (issue 23; docs/nca.md): Gray-Scott (or any system's) trajectories with frames
# -> train_nca per seed -> rollout to test_horizon x the training horizon from initial conditions
# never seen in training -> tables/nca.csv and figures/nca.png. A target of its own:
#   snakemake --cores N --configfile config/quick_nca.yaml nca
# Uses the Snakefile's R, BIN, CFG, STAMP, FIG, ENV, SIM globals.
NCA = config.get("nca", {})
NCA_DIR = f"{R}/nca"
NCA_SEEDS = NCA.get("seeds", [0])
NCA_TRAIN = NCA.get("trajectories", 4)
NCA_TEST = NCA.get("test_trajectories", 2)
NCA_TEST_T = SIM["t_max"] * NCA.get("test_horizon", 2)


rule nca:
    input:
        f"{R}/tables/nca.csv",
        f"{R}/figures/nca.png",


rule nca_params:
    input:
        STAMP["sample_params"],
    output:
        f"{NCA_DIR}/params.csv",
    log:
        f"{R}/logs/nca/params.log",
    params:
        bin=BIN,
        cfg=CFG,
        n=NCA_TRAIN + NCA_TEST,
    conda:
        ENV
    shell:
        "{params.bin}/sample_params --config {params.cfg} --n {params.n} --out {output} 2> {log}"


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
    threads: workflow.cores
    conda:
        ENV
    shell:
        "({params.bin}/simulate --config {params.cfg} --in {input.params} --count {params.first} --out {output.train} "
        "--threads {threads} && "
        "{params.bin}/simulate --config {params.cfg} --in {input.params} --first {params.first} --count {params.test} "
        "--initial random_rectangles --t-max {params.t_max} --out {output.test} --threads {threads}) 2> {log}"


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
    threads: 1
    conda:
        ENV
    shell:
        "{params.bin}/train_nca --config {params.cfg} {input.data} --out-dir {params.out} --seed {wildcards.seed} "
        "--threads {threads} 2> {log}"


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
        "{params.bin}/rollout --config {params.cfg} --model-dir {params.model} --in {input.test} --out {output.scores} "
        "--summary {output.summary} --frames {output.frames} --threads {threads} 2> {log}"


rule nca_table:
    input:
        summaries=expand(f"{NCA_DIR}/seed{{seed}}/summary.csv", seed=NCA_SEEDS),
    output:
        f"{R}/tables/nca.csv",
    log:
        f"{R}/logs/nca/table.log",
    conda:
        ENV
    shell:  # every seed's rows under the first file's header; a temporary renamed into place
        "(awk 'NR == 1 || FNR > 1' {input.summaries} > {output}.tmp && mv {output}.tmp {output}) 2> {log}"


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
