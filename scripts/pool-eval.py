#!/usr/bin/env python3
"""Pools `rapport eval --format json` reports of disjoint parts of one data set (the folds of a
cross-validation) into the figures of the whole: the confusion matrices and the escalation counts are
summed, then precision, recall, F1, macro-F1 and accuracy are worked out from the sums, as `rapport eval`
works them out for one file (a label with neither support nor predictions is left out of macro-F1).
One report pooled alone prints rapport's own figures.

Usage: scripts/pool-eval.py NAME REPORT.json... ; prints one block in the layout of
scripts/eval-default-pack.sh (labels, macro-F1 and accuracy; escalation figures when the reports have them).
"""
import json, sys


def f1(tp, fp, fn):
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def counts_line(name, tp, fp, fn, width=18):
    precision, recall, score = f1(tp, fp, fn)
    return f"   {name:<{width}} {precision:6.3f} {recall:7.3f} {score:6.3f} {tp + fn:8d} {tp + fp:10d}"


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: scripts/pool-eval.py NAME REPORT.json...")
    name, paths = sys.argv[1], sys.argv[2:]
    reports = [json.load(open(path, encoding="utf-8")) for path in paths]
    labels = reports[0]["confusion"]["labels"]
    size = len(labels)
    matrix = [[0] * size for _ in range(size)]
    for report in reports:
        if report["confusion"]["labels"] != labels:
            sys.exit(f"pool-eval: {name}: the reports compare different labels")
        for row in range(size):
            for column in range(size):
                matrix[row][column] += report["confusion"]["counts"][row][column]
    total = sum(map(sum, matrix))
    correct = sum(matrix[i][i] for i in range(size))
    print(f"== {name}: {len(reports)} folds pooled, {total} records")
    print(f"   {'label':<10} precision  recall     F1  support")
    scores = []
    for i, label in enumerate(labels):
        tp = matrix[i][i]
        fn = sum(matrix[i]) - tp
        fp = sum(matrix[row][i] for row in range(size)) - tp
        if tp + fn == 0 and tp + fp == 0:
            continue
        precision, recall, score = f1(tp, fp, fn)
        scores.append(score)
        print(f"   {label:<10} {precision:9.3f} {recall:7.3f} {score:6.3f} {tp + fn:8d}")
    print(f"   macro-F1 {sum(scores) / len(scores):.3f}   accuracy {correct / total:.3f} ({correct} of {total})")
    escalations = [report.get("escalation") for report in reports]
    if not all(escalations):
        return
    def summed(entries):
        tp = sum(entry["truePositives"] for entry in entries)
        fp = sum(entry["falsePositives"] for entry in entries)
        fn = sum(entry["falseNegatives"] for entry in entries)
        return tp, fp, fn
    tp, fp, fn = summed([e["escalated"] for e in escalations])
    precision, recall, score = f1(tp, fp, fn)
    print(f"   escalated at all: precision {precision:.3f}  recall {recall:.3f}  F1 {score:.3f}  (people {tp + fn}, pack {tp + fp}, both {tp})")
    missed = sum(len(e["missedCritical"]) for e in escalations)
    for kind in ("levels", "routes"):
        names = []
        for e in escalations:
            for entry in e[kind]:
                if entry["label"] not in names:
                    names.append(entry["label"])
        print(f"   {kind[:-1]:<18} precision  recall     F1  support  predicted")
        route_right = 0
        for label in names:
            entries = [entry for e in escalations for entry in e[kind] if entry["label"] == label]
            ltp, lfp, lfn = summed(entries)
            route_right += ltp
            print(counts_line(label, ltp, lfp, lfn))
        if kind == "levels":
            high = [entry for e in escalations for entry in e["levels"] if entry["label"] in ("high", "critical")]
            htp, _, hfn = summed(high)
            if htp + hfn:
                print(f"   high and critical at their level: recall {htp / (htp + hfn):.3f} ({htp} of {htp + hfn}); critical missed: {missed}")
        elif tp + fn:
            print(f"   route right on {route_right / (tp + fn):.3f} of the escalated ({route_right} of {tp + fn})")


main()
