#!/usr/bin/env python3
"""Writes one half of a labelled CSV file to stdout, split by a hash of each row's id, so rules can be
tuned on half A and measured on half B (rows never seen while tuning).

Usage: scripts/half.py FILE A|B > HALF.csv
A row is in half A when the first 8 hex digits of the SHA-256 of its id (as written, UTF-8) are even,
else in half B. The header and every column are kept; rows come out in input order. The same file
always splits the same way. Never write a half into the repository: the data stays in ../shared/eval.
"""
import csv, hashlib, sys

if len(sys.argv) != 3 or sys.argv[2] not in ("A", "B"):
    sys.exit("usage: scripts/half.py FILE A|B")
path, half = sys.argv[1], sys.argv[2]
want = 0 if half == "A" else 1
with open(path, encoding="utf-8", newline="") as source:
    reader = csv.reader(source)
    header = next(reader)
    id_column = header.index("id")
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    for row in reader:
        digest = hashlib.sha256(row[id_column].encode("utf-8")).hexdigest()
        if int(digest[:8], 16) % 2 == want:
            writer.writerow(row)
