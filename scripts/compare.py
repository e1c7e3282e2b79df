#!/usr/bin/env python3
"""Side-by-side speed of `rapport classify` and the tools a user would otherwise pick.

Usage: scripts/compare.py [N] [--seed S] [--skip-build] [--no-python]

On one deterministic corpus of N comments (scripts/gen-corpus.py, cached in .build/bench/), runs:

  * `rapport classify` (release build, default pack, JSONL in and out, all cores);
  * VADER (vaderSentiment): json.loads, polarity_scores, json.dumps per record;
  * an Aho-Corasick pipeline (pyahocorasick) over the literal phrases of Rapport's default pack
    (every list entry, every [alternative] and every literal word of every pattern), each phrase
    scoring the labels of the rules that use it: json.loads, lowercase, scan, pick the best label,
    json.dumps per record.

The Python references are installed with pip into a virtual environment under .build/compare-venv;
when pip cannot reach an index a notice is printed and they are skipped. Each tool runs as a child
process; records/s is wall-clock, CPU is user+system time of the child, peak RSS is the child's
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
PACKAGES = ["vaderSentiment", "pyahocorasick"]


def log(message):
    print(message, file=sys.stderr, flush=True)


def run_child(argv, stdout_path):
    """Runs argv with stdout to a file; returns (seconds, cpu seconds, peak RSS bytes, exit status)."""
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


def rapport_binary(skip_build):
    if os.environ.get("RAPPORT_BIN"):
        return os.environ["RAPPORT_BIN"]
    if not skip_build:
        log("building rapport (release)")
        subprocess.run(["swift", "build", "-c", "release", "--product", "rapport"], cwd=ROOT, check=True,
                       stdout=sys.stderr)
    path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "rapport")


def python_venv():
    """The venv's python with the reference packages installed, or None (with a notice) when pip fails."""
    python = os.path.join(VENV, "bin", "python")
    probe = "import vaderSentiment.vaderSentiment, ahocorasick"
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


# ---------------------------------------------------------------------------------------------

def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        if sys.argv[2] == "vader":
            worker_vader(sys.argv[3])
        else:
            worker_ac(sys.argv[3], sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", nargs="?", type=int, default=1_000_000, help="comments in the corpus (default 1000000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--skip-build", action="store_true", help="use the existing release build")
    parser.add_argument("--no-python", action="store_true", help="run rapport only")
    args = parser.parse_args()

    path = corpus(args.n, args.seed)
    size = os.path.getsize(path)
    binary = rapport_binary(args.skip_build)
    cores = os.cpu_count() or 1
    results = []

    log("running rapport classify")
    out = os.path.join(BENCH, "compare-rapport.jsonl")
    results.append(("rapport classify", run_child([binary, "classify", "--quiet", path, "-o", out], os.devnull)))

    python = None if args.no_python else python_venv()
    if python:
        phrases, patterns = pack_phrases()
        phrases_path = os.path.join(BENCH, "compare-phrases.json")
        with open(phrases_path, "w", encoding="utf-8") as f:
            json.dump(phrases, f)
        log("running VADER")
        results.append(("VADER (vaderSentiment)", run_child(
            [python, os.path.abspath(__file__), "--worker", "vader", path], os.path.join(BENCH, "compare-vader.jsonl"))))
        log(f"running Aho-Corasick over {len(phrases)} phrases")
        results.append((f"Aho-Corasick, {len(phrases)} phrases", run_child(
            [python, os.path.abspath(__file__), "--worker", "ac", path, phrases_path],
            os.path.join(BENCH, "compare-ac.jsonl"))))

    print(f"corpus: {args.n:,} comments, {size / 1e6:.0f} MB of JSONL ({os.path.relpath(path, ROOT)}), {cores} cores")
    if python:
        print(f"Aho-Corasick phrases: every list entry, alternative and literal word of the default pack's "
              f"{patterns} patterns")
    print(f"{'tool':<34} {'seconds':>8} {'records/s':>12} {'CPU s':>7} {'rec/CPU-s':>11} {'peak RSS':>9} {'vs rapport':>11}")
    base = results[0][1][0]
    for name, (seconds, cpu, rss, status) in results:
        note = "" if status == 0 else f"  (exit {status})"
        print(f"{name:<34} {seconds:8.2f} {args.n / seconds:12,.0f} {cpu:7.2f} {args.n / max(cpu, 1e-9):11,.0f} "
              f"{rss / 2**20:7.0f}MB {seconds / base:10.1f}x{note}")
    if not python and not args.no_python:
        print("(Python references skipped: see the notice above)")


if __name__ == "__main__":
    main()
