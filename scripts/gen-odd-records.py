#!/usr/bin/env python3
"""Writes records that stress the JSON record reader: valid ones written oddly (escaped and non-ASCII
keys, repeated members, members that flatten to one key, top-level strings and numbers) and broken
ones (a byte deleted, replaced or inserted, the record cut short), as JSON Lines and as a pretty-printed
JSON array (so errors fall on later lines of a record). Deterministic for a given seed.

Usage: scripts/gen-odd-records.py N --seed S --output PREFIX   (writes PREFIX.jsonl and PREFIX.json)
"""
import argparse
import json
import random

KEYS = ["text", "full_text", "id", "id_str", "author", "name", "followers", "followers_count", "user",
        "screen_name", "likes", "platform", "a", "b", "a.b", "author.followers", "author.name", "t\\u0065xt",
        "caf\\u00e9", "café", "K", "\\u212A", "list", "snippet", "textOriginal"]
STRINGS = ['""', '"hi"', '"where is my order?"', '"caf\\u00e9 \\ud83d\\ude00"', '"q\\"uote"', '"tab\\tnl\\n"',
           '"not happy 😡"', '"\\ud800 lone"', '"dont do that, but thanks"']


def value(rng, depth):
    pick = rng.randrange(6 if depth > 3 else 9)
    if pick == 0:
        return "null"
    if pick == 1:
        return rng.choice(["true", "false"])
    if pick == 2:
        return rng.choice(["0", "-1", "12.5", "1e3", "123456789012345678901234", "-0.0", "65"])
    if pick in (3, 4, 5):
        return rng.choice(STRINGS)
    if pick == 6:
        return "[" + ",".join(value(rng, depth + 1) for _ in range(rng.randrange(4))) + "]"
    return obj(rng, depth + 1)


def obj(rng, depth):
    members = ['"%s":%s' % (rng.choice(KEYS), value(rng, depth)) for _ in range(rng.randrange(6))]
    if depth == 1 and rng.random() < 0.7:
        members.insert(rng.randrange(len(members) + 1), '"text":' + rng.choice(STRINGS))
    return "{" + ",".join(members) + "}"


def mutate(rng, record):
    data = bytearray(record.encode())
    if not data or rng.random() < 0.5:
        return bytes(data)
    at = rng.randrange(len(data))
    kind = rng.randrange(4)
    if kind == 0:
        del data[at]
    elif kind == 1:
        data[at] = rng.choice(b'"\\,}]:{[ x0')
    elif kind == 2:
        data[at:at] = rng.choice([b"\xc3", b"\xff", b"\\", b'"', b",", b"\\u12", b"\xed\xa0\x80"])
    else:
        del data[at:]
    return bytes(data)


def soften(rng, record):
    """A mutation that leaves quotes, backslashes and brackets alone, so a JSON array stays splittable."""
    data = bytearray(record.encode())
    if not data or rng.random() < 0.5:
        return bytes(data)
    at = rng.randrange(len(data))
    if data[at] in b'"\\{}[]':
        return bytes(data)
    data[at:at + 1] = rng.choice([b"\xc3", b"\xff", b"x", b"0", b"", b" ,", b":"])
    return bytes(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    records = []
    elements = []
    for _ in range(args.n):
        top = rng.random()
        record = obj(rng, 1) if top < 0.9 else rng.choice(STRINGS + ["12", "[1,2]", "null", "  "])
        records.append(mutate(rng, record))
        elements.append(soften(rng, record if record.strip() else "null"))
    with open(args.output + ".jsonl", "wb") as out:
        for record in records:
            out.write(record.replace(b"\n", b" ") + b"\n")
    with open(args.output + ".json", "wb") as out:
        out.write(b"[\n")
        for i, element in enumerate(elements):
            # Members on lines of their own, so an error inside a record is reported by line and column.
            out.write(element.replace(b',"', b',\n  "') + (b",\n" if i + 1 < len(elements) else b"\n"))
        out.write(b"]\n")


if __name__ == "__main__":
    main()
