#!/usr/bin/env python3
# check-layers.py: fails when a source file includes a layer it must not.
# The arrows (HACKING.md, "Layers"): a layer may include itself and what it
# points to, nothing else. Usage: check-layers.py SRC_DIR
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import sys

ARROWS = {
    "core": set(),
    "vision": {"core"},
    "net": {"core"},
    "analysis": {"core", "vision"},
    "report": {"core", "vision"},
    "engine": {"core", "vision", "net", "analysis", "report"},
    "bench": {"core", "vision", "analysis", "engine"},
    "cli": {"engine", "bench"},
    "app": {"engine"},
}
# Known debts, each to be removed when the engine offers what the file
# needs (HACKING.md, "Layer debts"); none today.
DEBTS = set()
# Headers of a layer that only that layer may include.
PRIVATE = re.compile(r"-private\.h(pp)?$")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z]+)/([^"]+)"', re.M)
SOURCES = (".c", ".h", ".cpp", ".hpp")


def check(src_dir):
    problems = []
    for layer in sorted(os.listdir(src_dir)):
        folder = os.path.join(src_dir, layer)
        if not os.path.isdir(folder):
            continue
        if layer not in ARROWS:
            problems.append(f"{layer}/: a folder that is no layer; add it to the arrows")
            continue
        for root, _, files in os.walk(folder):
            for name in sorted(files):
                if not name.endswith(SOURCES):
                    continue
                path = os.path.join(root, name)
                rel = os.path.relpath(path, src_dir)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                for m in INCLUDE.finditer(text):
                    target, header = m.group(1), m.group(2)
                    line = text.count("\n", 0, m.start()) + 1
                    if target not in ARROWS:
                        continue
                    if (rel, f"{target}/{header}") in DEBTS:
                        continue
                    if target != layer and target not in ARROWS[layer]:
                        problems.append(f"{rel}:{line}: {layer} must not include {target}/{header}")
                    elif target != layer and PRIVATE.search(header) and layer != "bench":
                        problems.append(f"{rel}:{line}: {target}/{header} is private to {target}")
                if layer in ("app", "cli") and re.search(r"#\s*include\s+<opencv", text):
                    problems.append(f"{rel}: front ends never include OpenCV")
    return problems


def main():
    if len(sys.argv) != 2:
        print("usage: check-layers.py SRC_DIR", file=sys.stderr)
        return 2
    problems = check(sys.argv[1])
    for p in problems:
        print(p)
    print(f"{len(problems)} include(s) against the layer arrows")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
