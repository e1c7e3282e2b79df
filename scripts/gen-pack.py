#!/usr/bin/env python3
"""Write a deterministic rule pack of N generated rules, for measuring what pack size costs.

Usage: gen-pack.py N --output DIR [--seed S]

Rules are built from templates and word lists written here (customer-service phrases about orders,
apps, stores and staff), with lists, alternatives, prefixes, gaps and anchors in the proportions a
hand-written pack has. The rules of a smaller N are the first rules of a larger one with the same
seed, so a 100-rule pack is part of the 10,000-rule pack. The same N and seed give the same bytes.
"""
import argparse
import os
import random

NOUNS = ["order", "parcel", "package", "delivery", "refund", "invoice", "receipt", "account", "password",
         "app", "website", "checkout", "basket", "voucher", "coupon", "discount", "subscription", "plan",
         "bill", "payment", "card", "phone", "laptop", "charger", "cable", "screen", "battery", "jacket",
         "shoes", "sneakers", "blender", "kettle", "toaster", "headphones", "speaker", "pizza", "burger",
         "salad", "coffee", "driver", "courier", "store", "branch", "staff", "manager", "agent", "chat",
         "email", "call", "queue", "ticket", "complaint", "warranty", "return", "exchange", "size",
         "colour", "stock", "price", "fee", "update", "login", "signal", "wifi", "router", "booking",
         "seat", "flight", "table", "room"]
VERBS = ["cancel", "change", "return", "track", "reset", "update", "upgrade", "renew", "pay", "book",
         "order", "collect", "replace", "fix", "exchange", "refund", "open", "close", "find", "reach",
         "contact", "call", "email", "charge", "deliver", "ship", "send", "receive", "use", "install"]
PAST = ["arrived", "broke", "failed", "vanished", "disappeared", "crashed", "froze", "leaked", "cracked",
        "stopped", "expired", "doubled", "charged", "declined", "bounced", "delayed", "lost", "damaged",
        "melted", "spilled", "shrank", "faded", "worked", "helped", "shipped", "landed"]
ADJECTIVES = ["late", "broken", "missing", "wrong", "cold", "rude", "slow", "fast", "great", "lovely",
              "awful", "terrible", "amazing", "friendly", "helpful", "useless", "faulty", "damaged",
              "expensive", "cheap", "perfect", "dirty", "clean", "quick", "smooth", "confusing", "fresh",
              "stale", "noisy", "quiet"]
PREFIXES = ["refund", "deliver", "cancel", "charg", "crash", "disappoint", "frustrat", "amaz", "recommend",
            "replac", "unsubscrib", "overcharg", "complain", "wait", "help"]
PLACES = ["at the door", "in the rain", "outside", "with a neighbour", "at the depot", "in the app",
          "on the website", "at the store", "on hold", "in the queue"]
BE = "[is|was|are|were|still|been]"

TEMPLATES = [
    ("complaint", lambda r: f"my {n(r)} {{0,2}} {BE} {a(r)}"),
    ("complaint", lambda r: f"{n(r)} {p(r)}"),
    ("complaint", lambda r: f"[{a(r)}|{a(r)}] {n(r)}"),
    ("complaint", lambda r: f"{pre(r)}* {{0,3}} <thing>"),
    ("complaint", lambda r: f"left {{0,2}} my {n(r)} {r.choice(PLACES)}"),
    ("complaint", lambda r: f"[still|never] {{0,2}} {p(r)} {{0,3}} {n(r)}"),
    ("question", lambda r: f"how [do|can] i {v(r)} {{0,2}} {n(r)}"),
    ("question", lambda r: f"^ [can|could] you {v(r)} my {n(r)}"),
    ("question", lambda r: f"where [is|are] {{0,2}} {n(r)} ?"),
    ("question", lambda r: f"[when|what time] {{0,3}} {n(r)} {v(r)}"),
    ("question", lambda r: f"is {{0,2}} {n(r)} {a(r)} ?"),
    ("praise", lambda r: f"[love|loved|loving] {{0,2}} {n(r)}"),
    ("praise", lambda r: f"{a(r)} {n(r)} {{0,3}} [thanks|thank you|cheers]"),
    ("praise", lambda r: f"the {n(r)} [is|was] {a(r)} $"),
    ("praise", lambda r: f"{pre(r)}* {n(r)}"),
]


def n(r): return r.choice(NOUNS)
def v(r): return r.choice(VERBS)
def p(r): return r.choice(PAST)
def a(r): return r.choice(ADJECTIVES)
def pre(r): return r.choice(PREFIXES)


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--output", required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    seen = set()
    rules = []
    while len(rules) < args.n:
        label, _ = TEMPLATES[rng.randrange(len(TEMPLATES))]
        patterns = []
        for _ in range(rng.choice([1, 1, 2, 3])):
            same_label = [t for l, t in TEMPLATES if l == label]
            pattern = same_label[rng.randrange(len(same_label))](rng)
            if pattern not in seen:
                seen.add(pattern)
                patterns.append(pattern)
        if patterns:
            rules.append((f"{label}.g{len(rules):05d}", label, rng.choice([1, 1, 1.5, 2]), patterns))
    os.makedirs(args.output, exist_ok=True)
    with open(os.path.join(args.output, "pack.yaml"), "w") as f:
        f.write("rapport: 1\npack:\n  name: generated-%d\n  language: en\n  brand: us\n" % args.n)
        f.write("  threshold: 1.0\n  precedence: [complaint, question, praise]\n")
    with open(os.path.join(args.output, "lists.yaml"), "w") as f:
        f.write("rapport: 1\nlists:\n")
        f.write("  negators: [not, \"no\", never, \"n't\", nothing, nobody, hardly, without]\n")
        f.write("  thing: [" + ", ".join(NOUNS[:20]) + ", \"gift card\", \"order number\"]\n")
    with open(os.path.join(args.output, "rules.yaml"), "w") as f:
        f.write("rapport: 1\nrules:\n")
        for rule_id, label, weight, patterns in rules:
            f.write(f"  - id: {rule_id}\n    label: {label}\n    weight: {weight}\n    match:\n")
            for pattern in patterns:
                f.write(f"      - {quote(pattern)}\n")


if __name__ == "__main__":
    main()
