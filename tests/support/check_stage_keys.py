"""Check rules/common.smk's STAGE_KEYS against the config keys each tool really read.

Usage: check_stage_keys.py TRACE SRC. TRACE holds "TOOL KEY" lines (PRESS_TRACE_CONFIG, written
by every press tool). A stage's stamp must cover every key its tool reads: a top-level key of
the stage, a key of its section (its left-out keys are the grid lists and knobs the stamp
deliberately ignores), or `threads` (never changes a result). Exit 1, naming each key a stamp
misses, when one does: a config edit to that key would not rerun the stage.
"""
import sys

trace, src = sys.argv[1], sys.argv[2]
ns = {}
exec(open(f"{src}/rules/common.smk").read(), ns)
stages = ns["STAGE_KEYS"]
missed, tools = [], set()
for line in open(trace):
    tool, key = line.split()
    tools.add(tool)
    if tool not in stages:
        missed.append(f"{tool}: not a stage of STAGE_KEYS")
        continue
    top, section, _dropped = stages[tool]
    head = key.split(".")[0]
    if key != "threads" and head not in top and head != section:
        missed.append(f"{tool} reads '{key}', which its stamp (top {top}, section '{section}') does not cover")
if missed:
    sys.exit("\n".join(sorted(set(missed))))
print(f"stage stamps cover every key read by {len(tools)} tools: {', '.join(sorted(tools))}")
