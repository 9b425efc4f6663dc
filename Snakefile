# press workflow: config -> candidates -> Turing filter -> simulated shards (-> learning stages).
#   snakemake --cores N                                   # the paper (config/config.yaml)
#   snakemake --cores N --configfile config/quick.yaml    # minutes on 2 cores (make reproduce)
#   snakemake --cores N --configfile config/config.yaml my_overrides.yaml   # later files win, key by key
import os

from snakemake.utils import validate

BASE = workflow.basedir
configfile: os.path.join(BASE, "config/config.yaml")
validate(config, os.path.join(BASE, "config/schema.yaml"))

BIN = os.environ.get("PRESS_BIN", os.path.join(BASE, "build/bin"))
ENV = os.path.join(BASE, "envs/press.yaml")
R = f"results/{config['name']}"
SIM = config["simulate"]


include: "rules/common.smk"


CFG = resolved_config(config, R)


rule all:
    input:
        f"{R}/sim/shards.txt",


rule sample_params:
    input:
        CFG,
    output:
        f"{R}/candidates.csv",
    log:
        f"{R}/logs/sample_params.log",
    benchmark:
        f"{R}/benchmarks/sample_params.tsv"
    params:
        bin=BIN,
    conda:
        ENV
    shell:
        "{params.bin}/sample_params --config {input} --out {output} 2> {log}"


checkpoint lsa_filter:
    input:
        cfg=CFG,
        candidates=f"{R}/candidates.csv",
    output:
        f"{R}/turing.csv",
    log:
        f"{R}/logs/lsa_filter.log",
    benchmark:
        f"{R}/benchmarks/lsa_filter.tsv"
    threads: workflow.cores
    params:
        bin=BIN,
    conda:
        ENV
    shell:
        "{params.bin}/lsa_filter --config {input.cfg} --in {input.candidates} --out {output} --threads {threads} 2> {log}"


# FFTW plans measured once, so every shard executes the same plans (bit-identical samples
# whatever the sharding); only the CPU solver needs it.
rule fftw_wisdom:
    input:
        CFG,
    output:
        f"{R}/fftw.wisdom",
    log:
        f"{R}/logs/fftw_wisdom.log",
    params:
        bin=BIN,
    conda:
        ENV
    shell:
        "{params.bin}/simulate --config {input} --plan-only --wisdom {output} 2> {log}"


rule simulate:
    input:
        cfg=CFG,
        turing=f"{R}/turing.csv",
        wisdom=[f"{R}/fftw.wisdom"] if SIM["solver"] == "cpu" else [],
    output:
        f"{R}/sim/shard_{{i}}.h5",
    params:
        bin=BIN,
        first=lambda w: int(w.i) * SIM["shard_size"],
        n=SIM["shard_size"],
        wisdom=lambda w, input: f"--wisdom {input.wisdom}" if input.wisdom else "",
    conda:
        ENV
    log:
        f"{R}/logs/simulate/shard_{{i}}.log",
    benchmark:
        f"{R}/benchmarks/simulate/shard_{{i}}.tsv"
    threads: workflow.cores
    resources:
        gpu=1 if SIM["solver"] == "gpu" else 0,
    shell:
        "{params.bin}/simulate --config {input.cfg} --in {input.turing} --out {output} "
        "--first {params.first} --count {params.n} --threads {threads} {params.wisdom} 2> {log}"


# The list of shards, one path per line: what the split stage consumes.
rule shards:
    input:
        shard_files,
    output:
        f"{R}/sim/shards.txt",
    log:
        f"{R}/logs/shards.log",
    conda:
        ENV
    shell:
        "printf '%s\\n' {input} > {output} 2> {log}"
