#!/usr/bin/env python3
"""Fail on every press #include that points up lib/LAYERS' order (or sideways to a peer).

usage: check_layers.py REPO_ROOT
Every file under lib/ and tools/ (and bench/) is read; the folder of a lib file is its layer
(lib/<layer>/x.cpp or lib/press/<layer>/x.hpp); tools/ and bench/ are above every layer.
"""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]press/([a-z_0-9]+)/([^>"]+)[>"]')


def layers(root):
    rank = {}
    for i, line in enumerate(l.split("#")[0].split() for l in (root / "lib/LAYERS").read_text().splitlines()):
        for name in line:
            if name in rank:
                sys.exit(f"lib/LAYERS: layer '{name}' named twice")
            rank[name] = i
    return rank


def owner(root, path):
    rel = path.relative_to(root).parts
    if rel[0] in ("tools", "bench"):
        return None
    return rel[2] if rel[1] == "press" else rel[1]


def main():
    root = pathlib.Path(sys.argv[1]).resolve()
    rank = layers(root)
    bad, files = [], 0
    for top in ("lib", "tools", "bench"):
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in (".cpp", ".hpp", ".cu", ".in") or not path.is_file():
                continue
            files += 1
            me = owner(root, path)
            if me is not None and me not in rank:
                bad.append(f"{path.relative_to(root)}: folder '{me}' is not a layer of lib/LAYERS")
                continue
            for no, line in enumerate(path.read_text().splitlines(), 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                to = m.group(1)
                where = f"{path.relative_to(root)}:{no}: includes press/{to}/{m.group(2)}"
                if to not in rank:
                    bad.append(f"{where}: '{to}' is not a layer of lib/LAYERS")
                elif not (root / "lib/press" / to / m.group(2)).is_file():
                    bad.append(f"{where}: no such header")
                elif me is not None and to != me and rank[to] >= rank[me]:
                    how = "a peer" if rank[to] == rank[me] else "a higher layer"
                    bad.append(f"{where}: {how} of '{me}' (lib/LAYERS)")
    for b in bad:
        print(b, file=sys.stderr)
    if bad:
        sys.exit(f"check_layers: {len(bad)} include(s) against lib/LAYERS in {files} files")
    print(f"check_layers: {files} files, every press include points down lib/LAYERS")


if __name__ == "__main__":
    main()
