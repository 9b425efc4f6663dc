"""Helpers shared by the benchmark scripts (bench_simulate.py, bench_fit.py)."""
import os
import subprocess


def sh(args, **kw):
    """Run a command, raising on failure; stdout and stderr captured as text."""
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def append_csv(path, header, row):
    """Append one result row to `path`, writing `header` first when the file is new."""
    new = not os.path.exists(path)
    with open(path, "a") as f:
        if new:
            f.write(header + "\n")
        f.write(row + "\n")
