#!/usr/bin/env python3
"""Generate a deterministic corpus of realistic social-media comments to a brand.

Usage: gen-corpus.py N [--format jsonl|csv] [--seed S] [--output FILE]

Every comment is built from templates and word lists written for Rapport (nothing is copied
from real data): questions, complaints, praise, chit-chat, and escalation cases (legal threats,
food poisoning, hacked accounts, cancellations, high-follower complainers), with mentions,
hashtags, emoji, URLs, HTML entities and the odd typo. The same N and seed give the same bytes.
"""
import argparse
import csv
import json
import random
import sys

PRODUCTS = ["order", "package", "parcel", "delivery", "blender", "headphones", "jacket", "sneakers",
            "phone case", "coffee machine", "subscription", "gift card", "pizza", "burger", "salad",
            "app", "account", "laptop bag", "water bottle", "desk lamp"]
BRANDS = ["@acme", "@AcmeHelp", "@acme_support", "@AcmeFoods", "@acmestore"]
PLATFORMS = ["twitter", "facebook", "instagram", "youtube", "reddit", "blog", "helpdesk"]
FIRST = ["ana", "ben", "chloe", "dev", "elena", "farid", "grace", "hugo", "iris", "jon", "kemi", "liam",
         "maya", "nate", "olga", "pia", "quinn", "raj", "sara", "tom", "uma", "victor", "wen", "xena",
         "yusuf", "zoe"]
SUFFIX = ["", "_", "87", "x", "_official", "writes", "2024", "_ok", "lee", "the_great", "88", "m"]
DAYS = ["two days", "a week", "10 days", "three weeks", "a month", "5 days", "forever"]
EMOJI_HAPPY = ["😍", "🙌", "❤️", "🔥", "👏", "😊", "🎉", "💯", "🥰", "✨"]
EMOJI_ANGRY = ["😡", "🤬", "😤", "👎", "🙄", "😠", "💔", "😞", "😩"]
HASHTAGS_BAD = ["#fail", "#neveragain", "#customerservice", "#disappointed", "#scam", "#worst"]
HASHTAGS_GOOD = ["#love", "#happy", "#recommend", "#bestpurchase", "#goodvibes", "#thankyou"]

QUESTIONS = [
    "Where is my {p}? Ordered {d} ago",
    "do you ship to {country}?",
    "Hi {b}, how do I change my delivery address?",
    "what time does the {city} store open on sundays?",
    "Is the {p} available in blue?",
    "can I return a {p} without the receipt?",
    "How long does a refund usually take?",
    "Any idea when the {p} will be back in stock? {e}",
    "{b} is there a discount code for students?",
    "Does the {p} come with a warranty?",
    "how do i reset my password, the link never arrives??",
    "Can someone tell me if you deliver on weekends?",
]
COMPLAINTS = [
    "Still waiting for my {p}, it's been {d} {e}",
    "{b} my {p} arrived broken. Again. {h}",
    "Worst customer service ever, nobody answers the phone {e}",
    "I was charged twice for the same {p}!!! fix this",
    "the {p} stopped working after {d}. really disappointed",
    "Your app keeps crashing when I try to pay {h}",
    "Waited 45 minutes on hold and then got disconnected. Unacceptable.",
    "my {p} never arrived and tracking says delivered?? {e}",
    "{b} you cancelled my {p} without telling me. not happy at all",
    "Ordered a {p}, received a {p2}. How does that even happen",
    "The quality of the {p} has gone way down, not worth the money",
    "Third time asking for a refund &amp; still nothing {h}",
]
PRAISE = [
    "Love my new {p}! {e}",
    "{b} thank you for the super fast delivery {e} {h}",
    "Best {p} I've ever owned, highly recommend {h}",
    "Shout out to the team at the {city} store, amazing service {e}",
    "Got my {p} a day early, you guys rock {e}",
    "The support agent sorted my issue in 5 minutes. Impressed!",
    "10/10 would buy again {e}",
    "honestly the {p} is so good i bought another one {e}",
    "Great job on the new app update, so much smoother {h}",
    "You made my week {b} {e}",
]
OTHER = [
    "{b} {e}",
    "lol same",
    "Just saw your ad on TV",
    "tagging {m} because this is so you",
    "first!",
    "Happy friday everyone {e}",
    "check this out https://example.com/{n}",
    "Anyone else watching the game tonight?",
    "{m} {m2} look",
    "ok",
]
ESCALATIONS = [
    ("complaint", "I'm talking to my lawyer about this. You will hear from my attorney {h}"),
    ("complaint", "Got food poisoning after eating your {food} yesterday, my whole family was sick"),
    ("complaint", "My account was hacked and someone ordered stuff with my card {e}"),
    ("complaint", "Cancel my account. I'm done with {b} for good"),
    ("complaint", "Someone posted my home address and phone number in your reviews, take it down NOW"),
    ("complaint", "if this isn't refunded today I'm filing a chargeback with my bank"),
    ("complaint", "the {p} caught fire while charging!!! this is dangerous"),
    ("complaint", "considering a class action, plenty of people have the same problem"),
]
COUNTRIES = ["Canada", "Ireland", "Germany", "Mexico", "Australia", "Japan", "Kenya", "Brazil"]
CITIES = ["Leeds", "Austin", "Toronto", "Dublin", "Melbourne", "Denver", "Bristol", "Lagos"]
FOODS = ["chicken wrap", "burger", "salad", "sushi", "pizza"]


def author(rng):
    return rng.choice(FIRST) + rng.choice(SUFFIX)


def fill(rng, template):
    p, p2 = rng.sample(PRODUCTS, 2)
    text = template.format(
        p=p, p2=p2, d=rng.choice(DAYS), b=rng.choice(BRANDS), e=rng.choice(EMOJI_HAPPY + EMOJI_ANGRY),
        h=rng.choice(HASHTAGS_BAD + HASHTAGS_GOOD), country=rng.choice(COUNTRIES), city=rng.choice(CITIES),
        m="@" + author(rng), m2="@" + author(rng), n=rng.randint(1, 9999), food=rng.choice(FOODS))
    if "{e}" in template:
        pass
    return text


def comment(rng, i):
    kind = rng.random()
    if kind < 0.06:
        _, template = rng.choice(ESCALATIONS)
    elif kind < 0.36:
        template = rng.choice(COMPLAINTS)
        if rng.random() < 0.4:
            template = template.replace("{e}", rng.choice(EMOJI_ANGRY))
    elif kind < 0.60:
        template = rng.choice(QUESTIONS)
    elif kind < 0.85:
        template = rng.choice(PRAISE)
        template = template.replace("{e}", rng.choice(EMOJI_HAPPY))
    else:
        template = rng.choice(OTHER)
    text = fill(rng, template)
    if rng.random() < 0.15:
        text = rng.choice(BRANDS) + " " + text
    if rng.random() < 0.05:
        text = text.upper()
    if rng.random() < 0.05:
        text = text.replace("you", "u").replace("please", "pls")
    followers = int(rng.paretovariate(1.1) * 40)
    if rng.random() < 0.01:
        followers = rng.randint(10_000, 2_000_000)
    return {
        "id": f"c{i:08d}",
        "author": {"name": author(rng), "followers": followers},
        "platform": rng.choice(PLATFORMS),
        "likes": int(rng.expovariate(0.2)),
        "created_at": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
        "text": text,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--output", "-o")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    if args.format == "csv":
        w = csv.writer(out)
        w.writerow(["id", "author", "author.followers", "platform", "likes", "created_at", "text"])
        for i in range(1, args.n + 1):
            c = comment(rng, i)
            w.writerow([c["id"], c["author"]["name"], c["author"]["followers"], c["platform"], c["likes"], c["created_at"], c["text"]])
    else:
        for i in range(1, args.n + 1):
            out.write(json.dumps(comment(rng, i), ensure_ascii=False, separators=(",", ":")) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
