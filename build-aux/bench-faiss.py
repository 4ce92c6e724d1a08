#!/usr/bin/python3
# bench-faiss.py: the yardstick for `sightline-cli bench search`: FAISS's
# exact flat inner-product index on the same gallery and the same probes,
# one probe at a time. Not part of the tests; needs Debian's python3-faiss.
#
#   sightline-cli bench search --size 1000000 --keep-data /tmp/g.f32 > ours.json
#   build-aux/bench-faiss.py --data /tmp/g.f32 --dim 512 --ours ours.json
#
# The data file is the gallery's float32 rows (size x dim); FILE.probes
# holds the probes our benchmark searched.
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import json
import os
import statistics
import sys
import time

import faiss
import numpy as np


def rss_mb():
    rss = hwm = 0.0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024.0
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024.0
    return rss, hwm


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(1, int(np.ceil(share * len(ordered)))) - 1]


def time_single(index, probes, k, warmup):
    for q in probes[:warmup]:
        index.search(q[None, :], k)
    times = []
    for q in probes:
        t0 = time.perf_counter()
        index.search(q[None, :], k)
        times.append((time.perf_counter() - t0) * 1000.0)
    return times


def main():
    parser = argparse.ArgumentParser(
        description="FAISS IndexFlatIP, one probe at a time, on a bench search gallery")
    parser.add_argument("--data", required=True, help="float32 rows, size x dim")
    parser.add_argument("--dim", type=int, default=512)
    parser.add_argument("--probes", help="float32 probes (default: DATA.probes)")
    parser.add_argument("--k", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--ours", help="our bench search JSON, for the ratio")
    parser.add_argument("--sq8", action="store_true",
                        help="also time FAISS's 8-bit scalar quantiser (approximate, no re-ranking)")
    args = parser.parse_args()

    faiss.omp_set_num_threads(args.threads)
    rows = np.memmap(args.data, dtype=np.float32, mode="r").reshape(-1, args.dim)
    probes = np.fromfile(args.probes or args.data + ".probes", dtype=np.float32).reshape(-1, args.dim)
    size = rows.shape[0]

    t0 = time.perf_counter()
    index = faiss.IndexFlatIP(args.dim)
    # In slices, so the file's pages and the index's copy are not both
    # resident at once.
    for start in range(0, size, 65536):
        index.add(np.ascontiguousarray(rows[start:start + 65536]))
    build_s = time.perf_counter() - t0
    del rows

    single = time_single(index, probes, args.k, args.warmup)
    t0 = time.perf_counter()
    index.search(probes, args.k)
    batch_ms = (time.perf_counter() - t0) * 1000.0 / len(probes)
    rss, hwm = rss_mb()

    result = {
        "faiss": faiss.__version__,
        "index": "IndexFlatIP",
        "size": size,
        "dim": args.dim,
        "queries": len(probes),
        "threads": args.threads,
        "median_ms": statistics.median(single),
        "p95_ms": percentile(single, 0.95),
        "batch_ms_per_query": batch_ms,
        "rss_mb": rss,
        "hwm_mb": hwm,
        "build_s": build_s,
        "load_1min": os.getloadavg()[0],
    }

    if args.sq8:
        _, exact_ids = index.search(probes, args.k)
        del index
        sq = faiss.IndexScalarQuantizer(args.dim, faiss.ScalarQuantizer.QT_8bit,
                                        faiss.METRIC_INNER_PRODUCT)
        rows = np.memmap(args.data, dtype=np.float32, mode="r").reshape(-1, args.dim)
        sq.train(np.ascontiguousarray(rows[:100000]))
        for start in range(0, size, 65536):
            sq.add(np.ascontiguousarray(rows[start:start + 65536]))
        del rows
        sq_single = time_single(sq, probes, args.k, args.warmup)
        _, sq_ids = sq.search(probes, args.k)
        recall = np.mean([len(set(a) & set(b)) / args.k for a, b in zip(sq_ids, exact_ids)])
        result["sq8"] = {
            "median_ms": statistics.median(sq_single),
            "p95_ms": percentile(sq_single, 0.95),
            "recall_at_k": float(recall),
        }

    if args.ours:
        with open(args.ours) as f:
            ours = json.load(f)
        result["ours_median_ms"] = ours["median_ms"]
        result["ratio_median_ours_over_faiss"] = ours["median_ms"] / result["median_ms"]
        result["ratio_p95_ours_over_faiss"] = ours["p95_ms"] / result["p95_ms"]

    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
