# compare_solvers: the CPU (FFTW) and GPU (cuFFT) backends on the same rows of turing.csv, from
# the same initial noise -> results/bench/solvers.csv (per-sample agreement and time per
# sample). Without a GPU the file says so instead of failing.
rule compare_solvers:
    input:
        STAMP["compare_solvers"],
        turing=f"{D}/turing.csv",
        wisdom=f"{D}/fftw.wisdom",
    output:
        "results/bench/solvers.csv",
    log:
        f"{R}/logs/compare_solvers.log",
    benchmark:
        f"{R}/benchmarks/compare_solvers.tsv"
    threads: workflow.cores
    resources:
        gpu=1,
    params:
        bin=BIN,
        cfg=CFG,
        rows=config["compare_solvers"]["count"],
        work=f"{R}/bench",
        script=os.path.join(BASE, "bench/compare_solvers.sh"),
    conda:
        ENV
    shell:
        "{params.script} {params.bin} {params.cfg} {input.turing} {input.wisdom} {params.rows} {threads} "
        "{params.work} {output} 2> {log}"
