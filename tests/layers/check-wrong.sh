#!/bin/sh
# The layer check must fail on a tree with wrong includes, naming each one,
# and must not count an allowed one.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
out=$(python3 "$1" "$2/wrong/src") && { echo "the check passed a tree with wrong includes"; exit 1; }
echo "$out"
echo "$out" | grep -q '^core/sl-thing.c:2: core must not include engine/sightline-engine.h$' || exit 1
echo "$out" | grep -q '^app/sl-view.c:2: app must not include core/sl-store.h$' || exit 1
echo "$out" | grep -q '^app/sl-view.c: front ends never include OpenCV$' || exit 1
echo "$out" | grep -q 'sl-engine-thing' && { echo "an allowed include was counted"; exit 1; }
echo "$out" | grep -q '^3 include(s) against the layer arrows$' || exit 1
exit 0
