#!/usr/bin/env python3
"""Side-by-side speed of `rapport classify` and the tools a user would otherwise pick.

Usage: scripts/compare.py [N] [--seed S] [--skip-build] [--no-python] [--no-real-texts] [--repeat K]

On a deterministic corpus of N comments (scripts/gen-corpus.py, cached in .build/bench/), and again on
a corpus of N records of real-length texts with nested author objects (the text column of the
labelled sets in ../shared/eval, cycled; built in .build/bench/ when that directory exists, skipped
with a notice otherwise; never copied into the repository), runs:

  * `rapport classify` (release build, default pack, JSONL in and out, all cores), with full output
    and with `--fields id,label,escalation`, writing to stdout redirected to a file as the Python
    pipelines do; and with full output and `-o FILE`, which also waits for the file to reach the disk
    (fsync) before renaming it into place;
  * VADER (vaderSentiment): json.loads, polarity_scores, json.dumps per record;
  * an Aho-Corasick pipeline (pyahocorasick) over the literal phrases of Rapport's default pack
    (every list entry, every [alternative] and every literal word of every pattern), each phrase
    scoring the labels of the rules that use it: json.loads, lowercase, scan, pick the best label,
    json.dumps per record;
  * orjson + google-re2: orjson.loads, one RE2 `Set` holding every literal phrase of the pack (the
    same phrases, as whole words: `\b` where a phrase starts or ends with a word character) searched
    once per lowercased text, the matched phrases' labels counted, orjson.dumps per record.

The Python references are installed with pip into a virtual environment under .build/compare-venv;
when pip cannot reach an index a notice is printed and they are skipped. Each tool runs as a child
process, after the previous run's output is removed and the disk synced (so neither falls in its
time); the rapport rows and the orjson + RE2 row run K times (default 3) in alternating rounds and
keep their fastest run, VADER and Aho-Corasick run once. Records/s is wall-clock, CPU is user+system time of the child, peak RSS is the child's
maximum resident set size (from wait4). RAPPORT_BIN overrides the binary (and skips the build).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".build", "compare-venv")
BENCH = os.path.join(ROOT, ".build", "bench")
PACKAGES = ["vaderSentiment", "pyahocorasick", "orjson", "google-re2"]
SHARED_EVAL = os.path.join(os.path.dirname(ROOT), "shared", "eval")


def log(message):
    print(message, file=sys.stderr, flush=True)


def run_child(argv, stdout_path):
    """Runs argv with stdout to a file; returns (seconds, cpu seconds, peak RSS bytes, exit status)."""
    # The previous run's output is removed and the disk synced first, so neither freeing its pages nor
    # writing them back falls in this run's time.
    outputs = [stdout_path] + ([argv[argv.index("-o") + 1]] if "-o" in argv else [])
    for path in outputs:
        if path != os.devnull and os.path.exists(path):
            os.remove(path)
    os.sync()
    with open(stdout_path, "wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE, cwd=ROOT)
        # wait4 gives this child's own rusage (RUSAGE_CHILDREN would mix all children).
        stderr_reader = child.stderr
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        errors = stderr_reader.read().decode("utf-8", "replace")
    if child.returncode not in (0,):
        log(f"  {argv[0]} exited with {child.returncode}: {errors.strip()[:500]}")
    rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return seconds, usage.ru_utime + usage.ru_stime, rss, child.returncode


def corpus(n, seed):
    os.makedirs(BENCH, exist_ok=True)
    path = os.path.join(BENCH, f"corpus-{n}.jsonl" if seed == 42 else f"corpus-{n}-s{seed}.jsonl")
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        log(f"generating {n} comments into {path}")
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen-corpus.py"), str(n), "--seed", str(seed),
                        "--output", path + ".tmp"], check=True)
        os.replace(path + ".tmp", path)
    return path


def real_text_corpus(n):
    """N records {id, author: {name, followers}, text} with the texts of ../shared/eval's labelled
    sets, cycled in file order; None (with a notice) when the sets are not there."""
    import csv
    texts = []
    if os.path.isdir(SHARED_EVAL):
        for name in sorted(os.listdir(SHARED_EVAL)):
            if not name.endswith(".csv"):
                continue
            with open(os.path.join(SHARED_EVAL, name), encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f):
                    text = row.get("text") or ""
                    if text.strip():
                        texts.append(text)
    if not texts:
        log(f"NOTICE: no labelled sets in {SHARED_EVAL}; skipping the real-text corpus")
        return None
    os.makedirs(BENCH, exist_ok=True)
    path = os.path.join(BENCH, f"corpus-real-{n}.jsonl")
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        log(f"writing {n} records of real texts into {path}")
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            for i in range(n):
                record = {"id": f"r{i:08d}", "author": {"name": f"user{i % 9973}", "followers": (i * 7919) % 50_000},
                          "text": texts[i % len(texts)]}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        os.replace(path + ".tmp", path)
    return path


def rapport_binary(skip_build):
    if os.environ.get("RAPPORT_BIN"):
        return os.environ["RAPPORT_BIN"]
    if not skip_build:
        log("building rapport (release)")
        subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "rapport"], cwd=ROOT, check=True,
                       stdout=sys.stderr)
    path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "rapport")


def python_venv():
    """The venv's python with the reference packages installed, or None (with a notice) when pip fails."""
    python = os.path.join(VENV, "bin", "python")
    probe = "import vaderSentiment.vaderSentiment, ahocorasick, orjson, re2"
    if os.path.exists(python) and subprocess.run([python, "-c", probe], capture_output=True).returncode == 0:
        return python
    log(f"installing {', '.join(PACKAGES)} with pip into {os.path.relpath(VENV, ROOT)}")
    try:
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True, capture_output=True)
        result = subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                 "--timeout", "20", *PACKAGES], capture_output=True, text=True)
    except (subprocess.CalledProcessError, OSError) as error:
        log(f"NOTICE: cannot create a virtual environment ({error}); skipping the Python references")
        return None
    if result.returncode != 0 or subprocess.run([python, "-c", probe], capture_output=True).returncode != 0:
        log("NOTICE: pip could not install the references (no network or no index?); skipping them.\n"
            + "\n".join(result.stderr.strip().splitlines()[-3:]))
        return None
    return python


# ---------------------------------------------------------------------------------------------
# Reading the default pack's phrases for the Aho-Corasick reference (no YAML library needed in the
# venv: the driver extracts them with the system python and passes a JSON file).

def pack_phrases():
    """(phrases with their labels, number of patterns) of the rule files in rules/."""
    try:
        import yaml
    except ImportError:
        yaml = None
    lists, rules = {}, []
    for name in sorted(os.listdir(os.path.join(ROOT, "rules"))):
        if not name.endswith((".yaml", ".yml")):
            continue
        with open(os.path.join(ROOT, "rules", name), encoding="utf-8") as f:
            text = f.read()
        if yaml is None:
            log("NOTICE: PyYAML is missing; the Aho-Corasick reference uses pattern strings only")
            for pattern in re.findall(r'^\s+- "(.*)"\s*$', text, re.M):
                rules.append(("other", [pattern], []))
            continue
        document = yaml.safe_load(text) or {}
        for list_name, entries in (document.get("lists") or {}).items():
            lists[list_name] = [str(e) for e in entries]
        for rule in document.get("rules") or []:
            rules.append((rule.get("label") or "other", [str(p) for p in rule.get("match") or []],
                          [str(p) for p in rule.get("unless") or []]))
    labelled = {}
    patterns = 0
    for label, match, unless in rules:
        patterns += len(match) + len(unless)
        for pattern in match:
            for phrase in pattern_phrases(pattern, lists):
                labelled.setdefault(phrase, set()).add(label)
    return {phrase: sorted(labels) for phrase, labels in labelled.items()}, patterns


def pattern_phrases(pattern, lists):
    """The literal phrases a pattern contains: its list entries, its alternatives, its literal words."""
    phrases = []
    for list_name in re.findall(r"<([A-Za-z0-9_.-]+)>", pattern):
        phrases += lists.get(list_name, [])
    for group in re.findall(r"\[([^\]]*)\]", pattern):
        phrases += [p.strip() for p in group.split("|")]
    rest = re.sub(r"\[[^\]]*\]|<[^>]*>|\{[^}]*\}|[*^$]", " ", pattern)
    phrases += [w for w in rest.split() if w]
    return [p.lower() for p in phrases if p.strip()]


# ---------------------------------------------------------------------------------------------
# The Python pipelines (run in the venv: `compare.py --worker vader|ac FILE [PHRASES]`).

def worker_vader(path):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    analyzer = SentimentIntensityAnalyzer()
    write = sys.stdout.write
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            scores = analyzer.polarity_scores(record.get("text") or "")
            c = scores["compound"]
            label = "praise" if c >= 0.05 else "complaint" if c <= -0.05 else "other"
            write(json.dumps({"id": record.get("id"), "label": label, "scores": scores}) + "\n")


def worker_ac(path, phrases_path):
    import ahocorasick
    with open(phrases_path, encoding="utf-8") as f:
        phrases = json.load(f)
    automaton = ahocorasick.Automaton()
    for phrase, labels in phrases.items():
        automaton.add_word(phrase, (len(phrase), labels))
    automaton.make_automaton()
    write = sys.stdout.write
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            text = (record.get("text") or "").lower()
            scores = {}
            n = len(text)
            for end, (length, labels) in automaton.iter(text):
                start = end - length + 1
                # Whole words only, as a user would check.
                if (start > 0 and text[start - 1].isalnum()) or (end + 1 < n and text[end + 1].isalnum()):
                    continue
                for label in labels:
                    scores[label] = scores.get(label, 0) + 1
            label = max(scores, key=scores.get) if scores else "other"
            write(json.dumps({"id": record.get("id"), "label": label, "scores": scores}) + "\n")


def worker_re2(path, phrases_path):
    import orjson
    import re2
    with open(phrases_path, encoding="utf-8") as f:
        phrases = json.load(f)
    options = re2.Options()
    options.max_mem = 1 << 30  # the default 8 MB budget cannot hold thousands of phrases
    search = re2.Set.SearchSet(options)
    labels_of = []

    def edge(char):
        # A word boundary where the phrase has a word character ("late", not "latest"); none beside
        # punctuation or an emoji (":(" matches after a word too).
        return r"\b" if char.isalnum() or char == "_" else ""

    for phrase, labels in phrases.items():
        # Whole words, as the Aho-Corasick reference checks them. The phrases are lowercase and the
        # text is lowercased before the search: a case-insensitive set of thousands of phrases, or
        # one written with (?:^|\W)...(?:\W|$), outgrows RE2's DFA budget on real texts and falls
        # back to a matcher hundreds of times slower, which would flatter rapport.
        search.Add(edge(phrase[0]) + re2.escape(phrase) + edge(phrase[-1]))
        labels_of.append(labels)
    search.Compile()
    write = sys.stdout.buffer.write
    with open(path, "rb") as f:
        for line in f:
            record = orjson.loads(line)
            scores = {}
            for index in search.Match((record.get("text") or "").lower()) or ():
                for label in labels_of[index]:
                    scores[label] = scores.get(label, 0) + 1
            label = max(scores, key=scores.get) if scores else "other"
            write(orjson.dumps({"id": record.get("id"), "label": label, "scores": scores}) + b"\n")


# ---------------------------------------------------------------------------------------------

def run_all(name, path, n, binary, python, phrases_path, phrase_count, repeat):
    """Every pipeline on one corpus; returns [(tool, (seconds, cpu, rss, status))]. The rapport rows and
    the orjson + RE2 row, whose ratios the speed issue reads, run `repeat` times in alternating rounds
    (a slow spell on a shared machine then hits each of them) and keep their fastest run; VADER and
    Aho-Corasick, far behind, run once."""
    out = os.path.join(BENCH, "compare-rapport.jsonl")
    # The rapport rows write like the Python pipelines, verdicts on stdout redirected to a file; `-o`
    # also waits for the file to reach the disk (fsync) and renames it into place.
    repeated = [
        ("rapport classify", [binary, "classify", "--quiet", path], out),
        ("rapport --fields id,label,escalation", [binary, "classify", "--quiet", "--fields", "id,label,escalation", path], out),
        ("rapport classify -o (fsync, rename)", [binary, "classify", "--quiet", path, "-o", out], os.devnull),
    ]
    once = []
    if python:
        repeated.append((f"orjson + RE2 Set, {phrase_count} phrases",
                         [python, os.path.abspath(__file__), "--worker", "re2", path, phrases_path],
                         os.path.join(BENCH, "compare-re2.jsonl")))
        once = [
            ("VADER (vaderSentiment)", [python, os.path.abspath(__file__), "--worker", "vader", path],
             os.path.join(BENCH, "compare-vader.jsonl")),
            (f"Aho-Corasick, {phrase_count} phrases", [python, os.path.abspath(__file__), "--worker", "ac", path, phrases_path],
             os.path.join(BENCH, "compare-ac.jsonl")),
        ]
    best = {}
    for round_ in range(repeat):
        for tool, argv, stdout_path in repeated:
            log(f"[{name}] round {round_ + 1} of {repeat}: {tool}")
            result = run_child(argv, stdout_path)
            if tool not in best or result[0] < best[tool][0]:
                best[tool] = result
    for tool, argv, stdout_path in once:
        log(f"[{name}] {tool}")
        best[tool] = run_child(argv, stdout_path)
    order = [tool for tool, _, _ in repeated[:3]] + [tool for tool, _, _ in once] + [tool for tool, _, _ in repeated[3:]]
    return [(tool, best[tool]) for tool in order]


def print_table(results, n):
    print(f"{'tool':<38} {'seconds':>8} {'records/s':>12} {'CPU s':>7} {'rec/CPU-s':>11} {'peak RSS':>9} {'vs rapport':>11}")
    base = results[0][1][0]
    for name, (seconds, cpu, rss, status) in results:
        note = "" if status == 0 else f"  (exit {status})"
        print(f"{name:<38} {seconds:8.2f} {n / seconds:12,.0f} {cpu:7.2f} {n / max(cpu, 1e-9):11,.0f} "
              f"{rss / 2**20:7.0f}MB {seconds / base:10.1f}x{note}")


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        if sys.argv[2] == "vader":
            worker_vader(sys.argv[3])
        elif sys.argv[2] == "re2":
            worker_re2(sys.argv[3], sys.argv[4])
        else:
            worker_ac(sys.argv[3], sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", nargs="?", type=int, default=1_000_000, help="comments in the corpus (default 1000000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--skip-build", action="store_true", help="use the existing release build")
    parser.add_argument("--no-python", action="store_true", help="run rapport only")
    parser.add_argument("--no-real-texts", action="store_true", help="only the generated corpus")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the rapport and RE2 rows, best kept (default 3)")
    args = parser.parse_args()

    path = corpus(args.n, args.seed)
    binary = rapport_binary(args.skip_build)
    cores = os.cpu_count() or 1
    python = None if args.no_python else python_venv()
    phrases_path, phrase_count, patterns = None, 0, 0
    if python:
        phrases, patterns = pack_phrases()
        phrases_path = os.path.join(BENCH, "compare-phrases.json")
        with open(phrases_path, "w", encoding="utf-8") as f:
            json.dump(phrases, f)
        phrase_count = len(phrases)
    corpora = [("generated", path)]
    real = None if args.no_real_texts else real_text_corpus(args.n)
    if real:
        corpora.append(("real texts", real))
    runs = [(name, p, run_all(name, p, args.n, binary, python, phrases_path, phrase_count, max(1, args.repeat))) for name, p in corpora]

    if python:
        print(f"phrases: every list entry, alternative and literal word of the default pack's {patterns} patterns")
    for name, p, results in runs:
        print(f"\ncorpus ({name}): {args.n:,} records, {os.path.getsize(p) / 1e6:.0f} MB of JSONL "
              f"({os.path.relpath(p, ROOT)}), {cores} cores")
        print_table(results, args.n)
    if not python and not args.no_python:
        print("(Python references skipped: see the notice above)")


if __name__ == "__main__":
    main()
