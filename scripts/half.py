#!/usr/bin/env python3
"""Writes one half of a labelled CSV file to stdout, split by a hash of each row's id, so rules can be
tuned on half A and measured on half B (rows never seen while tuning).

Usage: scripts/half.py FILE A|B [--inner 0|1] > HALF.csv
A row is in half A when the first 8 hex digits of the SHA-256 of its id (as written, UTF-8) are even,
else in half B. The header and every column are kept; rows come out in input order. The same file
always splits the same way. Never write a half into the repository: the data stays in ../shared/eval.
--inner 0|1 splits the half once more, by the SHA-256 of "inner:" + id, for choosing options by
cross-validation within the training half (scripts/lexicon-cv.sh) without touching the other half.
"""
import csv, hashlib, sys

args = sys.argv[1:]
inner = None
if len(args) == 4 and args[2] == "--inner" and args[3] in ("0", "1"):
    inner, args = int(args[3]), args[:2]
if len(args) != 2 or args[1] not in ("A", "B"):
    sys.exit("usage: scripts/half.py FILE A|B [--inner 0|1]")
path, half = args
want = 0 if half == "A" else 1
with open(path, encoding="utf-8", newline="") as source:
    reader = csv.reader(source)
    header = next(reader)
    id_column = header.index("id")
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    for row in reader:
        digest = hashlib.sha256(row[id_column].encode("utf-8")).hexdigest()
        if int(digest[:8], 16) % 2 != want:
            continue
        if inner is not None:
            inner_digest = hashlib.sha256(("inner:" + row[id_column]).encode("utf-8")).hexdigest()
            if int(inner_digest[:8], 16) % 2 != inner:
                continue
        writer.writerow(row)
