#!/usr/bin/env python3
"""Writes one half of a labelled CSV file to stdout, split by a hash of each row's id, so rules can be
tuned on half A and measured on half B (rows never seen while tuning).

Usage: scripts/half.py FILE A|B [--inner 0|1] > HALF.csv
A row is in half A when the first 8 hex digits of the SHA-256 of its id (as written, UTF-8) are even,
else in half B. The header and every column are kept; rows come out in input order. The same file
always splits the same way. Never write a half into the repository: the data stays in ../shared/eval.
--inner 0|1 splits the half once more, by the SHA-256 of "inner:" + id, for choosing options by
cross-validation within the training half (scripts/lexicon-cv.sh) without touching the other half.
--fold K:k keeps only fold k (0-based) of K folds of the half, by the SHA-256 of "fold:" + id; --rest K:k
keeps the other K-1 folds (scripts/eval-lexicon-cv.sh fits on half A and the rest of half B, and
measures fold k of half B).
"""
import csv, hashlib, sys

args = sys.argv[1:]
inner = None
fold = None  # (K, k, keep): keep fold k of K when keep, else the other folds
if len(args) == 4 and args[2] == "--inner" and args[3] in ("0", "1"):
    inner, args = int(args[3]), args[:2]
elif len(args) == 4 and args[2] in ("--fold", "--rest"):
    try:
        count, chosen = (int(part) for part in args[3].split(":"))
    except ValueError:
        sys.exit("half.py: " + args[2] + " takes K:k, e.g. 5:0")
    if count < 2 or not 0 <= chosen < count:
        sys.exit("half.py: " + args[2] + " K:k needs K >= 2 and 0 <= k < K")
    fold, args = (count, chosen, args[2] == "--fold"), args[:2]
if len(args) != 2 or args[1] not in ("A", "B"):
    sys.exit("usage: scripts/half.py FILE A|B [--inner 0|1 | --fold K:k | --rest K:k]")
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
        if fold is not None:
            count, chosen, keep = fold
            fold_digest = hashlib.sha256(("fold:" + row[id_column]).encode("utf-8")).hexdigest()
            if (int(fold_digest[:8], 16) % count == chosen) != keep:
                continue
        writer.writerow(row)
