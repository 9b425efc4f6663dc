# The BINN experiment (issue 24; docs/binn.md): per diffusion law, density data with a known answer
# (binn_data: the truth and every noise level) -> per noise level and seed, train_binn (the BINN,
# then the closed-form step on its learned D and G; with two seeds or more, binn_ensemble: their mean
# curves through the same step) and, per level, sparse regression (sindy) and re-simulation
# (resim_fit: every candidate law simulated and fitted to the frames); every method's discovered
# equation is re-simulated against the clean frames ->
# tables/binn.csv (every method's D and G against the truth), figures/binn.png, figures/binn_resim.png
# (the data against the re-simulated discovered equation) and report_binn.html.
# A target:
#   snakemake --cores N binn --configfile config/quick_binn.yaml
# Uses the Snakefile's R, BIN, CFG, STAMP, FIG, PY, ENV, BASE globals and lam_str.
BINN = config.get("binn", {})
BINN_DIR = f"{R}/binn"
BINN_LAWS = BINN.get("laws", ["constant", "linear", "quadratic", "saturating"])
BINN_LEVELS = [lam_str(x) for x in BINN.get("noise_levels", [0, 0.01, 0.02, 0.05, 0.1])]
BINN_SEEDS = BINN.get("seeds", [0, 1, 2])
BINN_RUN = f"{BINN_DIR}/{{law}}/noise{{level}}/seed{{seed}}"
BINN_ENSEMBLE = f"{BINN_DIR}/{{law}}/noise{{level}}/ensemble/summary.csv" if len(BINN_SEEDS) > 1 else None


wildcard_constraints:
    law="constant|linear|quadratic|saturating|power",


rule binn:
    input:
        f"{R}/tables/binn.csv",
        f"{R}/figures/binn.png",
        f"{R}/figures/binn_resim.png",
        f"{R}/report_binn.html",


rule report_binn:
    input:
        tables=f"{R}/tables/binn.csv",
        figures=[f"{R}/figures/binn.png", f"{R}/figures/binn_resim.png"],
        config=CFG,
    output:
        f"{R}/report_binn.html",
    log:
        f"{R}/logs/report_binn.log",
    params:
        py=PY,
        script=os.path.join(BASE, "tools/report.py"),
        bin=BIN,
        repo=BASE,
        results=lambda w, input: os.path.dirname(input.config),
    conda:
        ENV
    shell:
        "{params.py} {params.script} --experiment binn --results {params.results} --bin {params.bin} "
        "--repo {params.repo} --csv {input.tables} --out {output} {input.figures} 2> {log}"


rule binn_data:
    input:
        STAMP["binn_data"],
    output:
        f"{BINN_DIR}/{{law}}/data.h5",
    log:
        f"{R}/logs/binn/{{law}}/data.log",
    benchmark:
        f"{R}/benchmarks/binn/{{law}}_data.tsv"
    params:
        bin=BIN,
        cfg=CFG,
    conda:
        ENV
    shell:
        "{params.bin}/binn_data --config {params.cfg} --diffusion {wildcards.law} --out {output} 2> {log}"


rule train_binn:
    input:
        STAMP["train_binn"],
        data=f"{BINN_DIR}/{{law}}/data.h5",
    output:
        model=f"{BINN_RUN}/model.pt",
        summary=f"{BINN_RUN}/summary.csv",
        diffusion=f"{BINN_RUN}/diffusion.csv",
        growth=f"{BINN_RUN}/growth.csv",
    log:
        f"{R}/logs/binn/{{law}}/train_noise{{level}}_seed{{seed}}.log",
    benchmark:
        f"{R}/benchmarks/binn/{{law}}_train_noise{{level}}_seed{{seed}}.tsv"
    params:
        bin=BIN,
        cfg=CFG,
        out=lambda w, output: os.path.dirname(output.model),
    threads: 1
    conda:
        ENV
    shell:
        "{params.bin}/train_binn --config {params.cfg} --data {input.data} --noise {wildcards.level} "
        "--seed {wildcards.seed} --out-dir {params.out} --threads {threads} 2> {log}"


rule binn_ensemble:
    input:
        STAMP["train_binn"],
        data=f"{BINN_DIR}/{{law}}/data.h5",
        runs=expand(f"{BINN_RUN}/diffusion.csv", seed=BINN_SEEDS, allow_missing=True),
    output:
        summary=f"{BINN_DIR}/{{law}}/noise{{level}}/ensemble/summary.csv",
        curves=f"{BINN_DIR}/{{law}}/noise{{level}}/ensemble/curves.csv",
    log:
        f"{R}/logs/binn/{{law}}/ensemble_noise{{level}}.log",
    params:
        bin=BIN,
        cfg=CFG,
        out=lambda w, output: os.path.dirname(output.summary),
        runs=lambda w, input: [os.path.dirname(p) for p in input.runs],
    conda:
        ENV
    shell:
        "{params.bin}/binn_ensemble --config {params.cfg} --data {input.data} --noise {wildcards.level} "
        "--out-dir {params.out} {params.runs} 2> {log}"


rule sindy:
    input:
        STAMP["sindy"],
        data=f"{BINN_DIR}/{{law}}/data.h5",
    output:
        xi=f"{BINN_DIR}/{{law}}/noise{{level}}/sindy/coefficients.csv",
        summary=f"{BINN_DIR}/{{law}}/noise{{level}}/sindy/summary.csv",
    log:
        f"{R}/logs/binn/{{law}}/sindy_noise{{level}}.log",
    params:
        bin=BIN,
        cfg=CFG,
    conda:
        ENV
    shell:
        "{params.bin}/sindy --config {params.cfg} --data {input.data} --noise {wildcards.level} --out {output.xi} "
        "--summary {output.summary} 2> {log}"


# Re-simulation (output error): every form of D with binn.resim_growth_forms' G, each simulated and
# fitted to the frames, ranked by AICc.
rule resim_fit:
    input:
        STAMP["resim_fit"],
        data=f"{BINN_DIR}/{{law}}/data.h5",
    output:
        ranking=f"{BINN_DIR}/{{law}}/noise{{level}}/resim/candidates.csv",
        summary=f"{BINN_DIR}/{{law}}/noise{{level}}/resim/summary.csv",
        frames=f"{BINN_DIR}/{{law}}/noise{{level}}/resim/frames.csv",
    log:
        f"{R}/logs/binn/{{law}}/resim_noise{{level}}.log",
    benchmark:
        f"{R}/benchmarks/binn/{{law}}_resim_noise{{level}}.tsv"
    params:
        bin=BIN,
        cfg=CFG,
    conda:
        ENV
    shell:
        "{params.bin}/resim_fit --config {params.cfg} --data {input.data} --noise {wildcards.level} "
        "--out {output.ranking} --summary {output.summary} --frames {output.frames} 2> {log}"


rule binn_table:
    input:
        binn=expand(f"{BINN_RUN}/summary.csv", law=BINN_LAWS, level=BINN_LEVELS, seed=BINN_SEEDS),
        ensemble=expand(BINN_ENSEMBLE, law=BINN_LAWS, level=BINN_LEVELS) if BINN_ENSEMBLE else [],
        sindy=expand(f"{BINN_DIR}/{{law}}/noise{{level}}/sindy/summary.csv", law=BINN_LAWS, level=BINN_LEVELS),
        resim=expand(f"{BINN_DIR}/{{law}}/noise{{level}}/resim/summary.csv", law=BINN_LAWS, level=BINN_LEVELS),
    output:
        f"{R}/tables/binn.csv",
    log:
        f"{R}/logs/binn/table.log",
    conda:
        ENV
    shell:  # every row under the first file's header; a temporary renamed into place
        "(awk 'NR == 1 || FNR > 1' {input.binn} {input.ensemble} {input.sindy} {input.resim} > {output}.tmp "
        "&& mv {output}.tmp {output}) 2> {log}"


rule binn_resim_figure:
    input:
        STAMP["figures"],
        frames=expand(f"{BINN_DIR}/{{law}}/noise{{level}}/resim/frames.csv", law=BINN_LAWS, level=BINN_LEVELS),
    output:
        f"{R}/figures/binn_resim.png",
    log:
        f"{R}/logs/figures/binn_resim.log",
    params:
        cfg=CFG,
        fig=FIG,
    conda:
        ENV
    shell:
        "{params.fig} binn_resim --config {params.cfg} --out {output} {input.frames} 2> {log}"


rule binn_figure:
    input:
        STAMP["figures"],
        curves=expand(f"{BINN_RUN}/diffusion.csv", law=BINN_LAWS, level=BINN_LEVELS, seed=BINN_SEEDS),
    output:
        f"{R}/figures/binn.png",
    log:
        f"{R}/logs/figures/binn.log",
    params:
        cfg=CFG,
        fig=FIG,
    conda:
        ENV
    shell:
        "{params.fig} binn --config {params.cfg} --out {output} {input.curves} 2> {log}"


# Two species (docs/binn.md "Two species"): one trajectory of this config's Turing system from
# noise (the first of nca_params' sets, through lsa_filter when nca.lsa_filter), a frame every
# binn.two_species_frame_every steps -> per noise level (binn.two_species_noise) and form
# (pointwise; weak when binn.weak_width or binn.weak_frames > 0) discover_kinetics ->
# tables/two_species.csv (one row each: the sparse fit's scores, the first kinetics, the truth's
# rank, the margin, the truth's parameter error, the noise's estimated sd and, with
# binn.simex_draws > 0, SIMEX's corrected error) and figures/two_species.png (the truth's rank and
# parameter error against the noise):
#   snakemake --cores N two_species --configfile config/quick_nca_schnakenberg.yaml
TS_DIR = f"{R}/two_species"
TS_LEVELS = [lam_str(x) for x in BINN.get("two_species_noise", [0, 0.01, 0.02, 0.05])]
TS_WEAK = (BINN.get("weak_width", 0), BINN.get("weak_frames", 0))
TS_FORMS = ["pointwise"] + (["weak"] if any(TS_WEAK) else [])
TS_SIMEX = BINN.get("simex_draws", 0) > 0  # binn.simex_draws: SIMEX's simex.csv beside each summary


wildcard_constraints:
    form="pointwise|weak",


rule two_species:
    input:
        f"{R}/tables/two_species.csv",
        f"{R}/figures/two_species.png",


rule two_species_data:
    input:
        STAMP["simulate"],
        params=f"{NCA_DIR}/params.csv",
    output:
        f"{TS_DIR}/trajectory.h5",
    log:
        f"{R}/logs/two_species/data.log",
    params:
        bin=BIN,
        cfg=CFG,
        every=BINN.get("two_species_frame_every", 4),
    conda:
        ENV
    shell:
        "{params.bin}/simulate --config {params.cfg} --in {input.params} --count 1 --frame-every {params.every} "
        "--out {output} --threads 1 2> {log}"


rule discover_kinetics:
    input:
        STAMP["discover_kinetics"],
        data=f"{TS_DIR}/trajectory.h5",
    output:
        terms=f"{TS_DIR}/noise{{level}}/{{form}}/terms.csv",
        ranking=f"{TS_DIR}/noise{{level}}/{{form}}/ranking.csv",
        summary=f"{TS_DIR}/noise{{level}}/{{form}}/summary.csv",
        **({"simex": f"{TS_DIR}/noise{{level}}/{{form}}/simex.csv"} if TS_SIMEX else {}),
    log:
        f"{R}/logs/two_species/noise{{level}}_{{form}}.log",
    benchmark:
        f"{R}/benchmarks/two_species/noise{{level}}_{{form}}.tsv"
    params:
        bin=BIN,
        cfg=CFG,
        weak=lambda w: "" if w.form == "weak" else "--weak-width 0 --weak-frames 0",
        simex=lambda w, output: f"--simex {output.simex}" if TS_SIMEX else "",
    conda:
        ENV
    shell:
        "{params.bin}/discover_kinetics --config {params.cfg} --data {input.data} --noise {wildcards.level} "
        "{params.weak} --terms {output.terms} --ranking {output.ranking} --summary {output.summary} {params.simex} "
        "2> {log}"


rule two_species_table:
    input:
        summaries=expand(f"{TS_DIR}/noise{{level}}/{{form}}/summary.csv", level=TS_LEVELS, form=TS_FORMS),
    output:
        f"{R}/tables/two_species.csv",
    log:
        f"{R}/logs/two_species/table.log",
    conda:
        ENV
    shell:
        NCA_TABLE_SHELL


rule two_species_figure:
    input:
        STAMP["figures"],
        table=f"{R}/tables/two_species.csv",
    output:
        f"{R}/figures/two_species.png",
    log:
        f"{R}/logs/figures/two_species.log",
    params:
        cfg=CFG,
        fig=FIG,
    conda:
        ENV
    shell:
        "{params.fig} two_species --config {params.cfg} --table {input.table} --out {output} 2> {log}"
