# Helper functions for the Snakefile (kept apart from the rules).
import math
import os

import yaml


# The tools read exactly the config Snakemake validated (file + --configfile + --config), from
# one resolved copy. It is rewritten only when its content changes, so a config edit reruns the
# stages and an unchanged config reruns nothing.
def resolved_config(config, R):
    path = f"{R}/config.yaml"
    text = yaml.safe_dump(config, sort_keys=True)
    if not os.path.exists(path) or open(path).read() != text:
        os.makedirs(R, exist_ok=True)
        with open(f"{path}.tmp", "w") as f:
            f.write(text)
        os.replace(f"{path}.tmp", path)
    return path


def shard_files(wildcards):  # uses the R, SIM globals of the Snakefile
    """All shards of turing.csv (known once the lsa_filter checkpoint has run)."""
    turing = checkpoints.lsa_filter.get().output[0]
    with open(turing) as f:
        rows = sum(1 for _ in f) - 1
    n = math.ceil(rows / SIM["shard_size"])
    return expand(f"{R}/sim/shard_{{i:05d}}.h5", i=range(n))
