"""Exit 0 when two press tables are equal byte for byte but for the measured times: the fit's
fit_seconds_per_sample column (CSV) and "N ms per sample" (Markdown); docs/guarantees.md.
Usage: same_table.py A B (prints a short diff otherwise)."""
import csv
import difflib
import re
import sys


def masked(path):
    text = open(path).read()
    if path.endswith(".md"):
        return re.sub(r"[0-9.]+ ms per sample", "T ms per sample", text).splitlines()
    rows = list(csv.reader(text.splitlines()))
    drop = {i for i, h in enumerate(rows[0]) if h == "fit_seconds_per_sample"}
    return [",".join(x for i, x in enumerate(r) if i not in drop) for r in rows]


a, b = masked(sys.argv[1]), masked(sys.argv[2])
if a != b:
    print("\n".join(list(difflib.unified_diff(a, b, sys.argv[1], sys.argv[2], lineterm=""))[:12]))
    sys.exit(1)
