#!/usr/bin/env python3
"""Classify comment dumps on Apache Spark with `rapport classify`, one rapport process per task.

Usage (see README.md beside this file for cluster commands):

    spark-submit rapport_spark.py --rapport PATH [--rules PACK]... INPUT... OUTPUT

The job reads JSON Lines, CSV/TSV or plain-text files (local paths or anything Spark reads,
compressed or not), ships the `rapport` binary and the rule packs to the executors
(SparkContext.addFile), and pipes every partition through `rapport classify` in a subprocess.
The verdicts are written as JSON Lines (one part file per input partition, in input order) and,
with --parquet, as Parquet too.

Same input, same verdicts as one `rapport classify` run on the whole file, record for record:

* lines are read as raw bytes (invalid UTF-8 reaches rapport unchanged, as it would from the file);
* each piece is classified with `--first-line`, so positional ids and error lines are the whole
  file's;
* a CSV/TSV piece gets the file's header, and a quoted field whose newlines cross a split boundary
  is given whole to the piece where its row starts (a first pass tracks the quote state).

Rule-pack errors stop the job before it starts, with the CLI's diagnostics. Error records are
kept in the output, counted and reported at the end (exit 65, as the CLI). A task whose rapport
exits with anything but 0 or 65, or writes fewer answers than records, fails with rapport's stderr.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from typing import Iterable, Iterator

# Exit codes, as `rapport classify` uses them.
EXIT_OK = 0
EXIT_RULES = 2
EXIT_USAGE = 64
EXIT_RECORD_ERRORS = 65
EXIT_NO_INPUT = 66

SPLITTABLE_FORMATS = ("jsonl", "csv", "tsv", "text")
COMPRESSION_SUFFIXES = (".gz", ".bz2", ".deflate", ".lz4", ".snappy", ".zst", ".xz")
# The text fields rapport tries when --text-field is not given (FieldMapping.defaultTextPaths).
DEFAULT_TEXT_FIELDS = (
    "full_text", "extended_tweet.full_text", "text", "message", "body", "comment", "content",
    "snippet.topLevelComment.snippet.textOriginal", "snippet.topLevelComment.snippet.textDisplay",
    "snippet.textOriginal", "snippet.textDisplay", "textOriginal", "textDisplay",
)
WRITE_CHUNK_BYTES = 1 << 20


class JobError(Exception):
    """A problem found on the driver before or after the Spark stages; `code` is the exit status."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------------------------------------
# Input formats


def format_from_name(path: str) -> str | None:
    """The format a file name implies (as `rapport classify` decides it), compression suffixes
    ignored; None when the name does not decide (`.json` may be JSON Lines or an array)."""
    name = path.lower()
    for suffix in COMPRESSION_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    if name.endswith((".jsonl", ".ndjson", ".jsonlines")):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".tsv", ".tab")):
        return "tsv"
    if name.endswith(".txt"):
        return "text"
    return None


def sniff_format(first_line: bytes, text_fields: Iterable[str] = DEFAULT_TEXT_FIELDS) -> str:
    """Guesses a file's format from its first line, as rapport does for a file without a telling
    extension: `{` starts JSON Lines (or a one-line wrapper object: json), `[` a JSON array, a
    header naming a usual text column CSV or TSV, anything else plain text."""
    line = first_line
    if line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    line = line.lstrip(b" \t\r")
    if not line:
        return "text"
    if line[:1] == b"[":
        return "json"
    if line[:1] == b"{":
        try:
            value = json.loads(line)
        except ValueError:
            return "json"
        if not isinstance(value, dict):
            return "json"
        wrappers = ("data", "items", "comments", "results", "records", "value", "entries", "posts", "statuses", "messages")
        return "json" if any(isinstance(value.get(k), list) for k in wrappers) else "jsonl"
    text = line.decode("utf-8", "replace")
    known = {f.lower() for f in text_fields}

    def looks_like_header(separator: str) -> bool:
        names = [n.strip(' "\r').lower() for n in text.split(separator)]
        return len(names) > 1 and any(n in known for n in names)

    if "\t" in text and looks_like_header("\t"):
        return "tsv"
    if looks_like_header(","):
        return "csv"
    return "text"


def delimiter_of(fmt: str) -> int | None:
    """The field delimiter byte of a delimited format, None for line formats."""
    return {"csv": ord(","), "tsv": ord("\t")}.get(fmt)


# ---------------------------------------------------------------------------------------------
# CSV quote state across lines


def csv_line_exit(line: bytes, delimiter: int, inside: bool) -> bool:
    """Whether a CSV/TSV line (without its newline) ends inside a quoted field, given whether it
    starts inside one. Follows rapport's CSV splitter: a quote opens a field only at the start
    of a cell (or right after a closing quote, which is how `""` escapes work); elsewhere it is
    kept literally. A line entered outside quotes starts a row, hence a cell."""
    pos = line.find(b'"')
    closed_at = -2  # index of the last closing quote
    while pos >= 0:
        if inside:
            inside = False
            closed_at = pos
        elif pos == 0 or line[pos - 1] == delimiter or closed_at == pos - 1:
            inside = True
        pos = line.find(b'"', pos + 1)
    return inside


@dataclass
class QuoteScan:
    """What a run of lines does to the CSV quote state, for both possible entry states."""

    exit_from_outside: bool = False
    exit_from_inside: bool = True
    # Entered inside a quoted field: how many leading lines finish that field's row (None: all).
    head_from_inside: int | None = None


class QuoteTracker:
    """Runs the quote state machine over lines from both entry states at once."""

    def __init__(self, delimiter: int):
        self.delimiter = delimiter
        self.scan = QuoteScan()
        self.lines = 0

    def feed(self, line: bytes) -> None:
        self.lines += 1
        scan = self.scan
        if b'"' not in line:
            return  # no quote: neither state changes
        scan.exit_from_outside = csv_line_exit(line, self.delimiter, scan.exit_from_outside)
        was_inside = scan.exit_from_inside
        scan.exit_from_inside = csv_line_exit(line, self.delimiter, was_inside)
        if scan.head_from_inside is None and was_inside and not scan.exit_from_inside:
            scan.head_from_inside = self.lines


def scan_quotes(lines: Iterable[bytes], delimiter: int) -> QuoteScan:
    """The quote transitions of a run of lines."""
    tracker = QuoteTracker(delimiter)
    for line in lines:
        tracker.feed(line)
    return tracker.scan


# ---------------------------------------------------------------------------------------------
# The plan: which lines of which file each partition classifies


@dataclass
class Segment:
    """A run of consecutive lines of one file split (one file, one block start) inside a partition."""

    file: str
    block: int
    lines: int = 0
    first_line_bytes: bytes = b""
    quotes: QuoteScan | None = None
    # Filled in by make_plan:
    fmt: str = "jsonl"
    first_line: int = 1          # the file's line number of this segment's first line
    skip: int = 0                # leading lines that belong to the previous segment's last row
    header: bytes | None = None  # CSV/TSV header to put before the lines (not on the file's first segment)
    borrow: list = field(default_factory=list)  # lines of later segments that finish this segment's last row
    borrow_from: list = field(default_factory=list)  # [(partition, segment index, lines)] to fetch into `borrow`


def segments_of(counts: Iterable) -> list:
    """The segments of every partition, in the order their lines come, from the first pass's
    (partition, file, block start, lines, first row id) rows (the row ids increase along a partition)."""
    by_partition: dict = {}
    for p, file, block, lines, first_id in counts:
        by_partition.setdefault(p, []).append((first_id, Segment(file=file, block=block, lines=lines)))
    size = max(by_partition, default=-1) + 1
    return [[seg for _, seg in sorted(by_partition.get(p, []), key=lambda e: e[0])] for p in range(size)]


def scan_partition(rows: Iterable, segments: list, formats: dict) -> list:
    """For a partition with CSV/TSV segments: each segment's first line and quote transitions.
    `rows` are the partition's line bytes; `segments` say which lines belong to which file.
    Returns [(segment index, first line, QuoteScan)] for the delimited segments."""
    it = iter(rows)
    found = []
    for s_index, seg in enumerate(segments):
        delimiter = delimiter_of(formats.get(seg.file, "jsonl"))
        if delimiter is None:
            for _ in range(seg.lines):
                next(it, None)
            continue
        tracker = QuoteTracker(delimiter)
        first = None
        for _ in range(seg.lines):
            raw = next(it, None)
            if raw is None:
                break
            line = bytes(raw[0] if isinstance(raw, tuple) else raw)
            if first is None:
                first = line
            tracker.feed(line)
        found.append((s_index, first or b"", tracker.scan))
    return found


def make_plan(scanned: list, formats: dict) -> dict:
    """Numbers each segment's lines within its file (segments ordered by block start), and for
    CSV/TSV decides which leading lines a segment leaves to the previous one (the rest of a row
    whose quoted field spans the split) and which lines it fetches from later segments."""
    plan: dict[int, list[Segment]] = {index: segments for index, segments in enumerate(scanned)}
    by_file: dict[str, list] = {}
    for index, segments in plan.items():
        for s_index, seg in enumerate(segments):
            by_file.setdefault(seg.file, []).append((seg.block, index, s_index, seg))
    for file, entries in by_file.items():
        entries.sort(key=lambda e: (e[0], e[1], e[2]))
        fmt = formats.get(file, "jsonl")
        delimited = delimiter_of(fmt) is not None
        next_line = 1
        header = entries[0][3].first_line_bytes
        inside = False
        owner = None  # the segment whose last row is still open
        for _, index, s_index, seg in entries:
            seg.fmt = fmt
            seg.first_line = next_line
            next_line += seg.lines
            if not delimited:
                continue
            if seg.first_line > 1:
                seg.header = header
            quotes = seg.quotes or QuoteScan()
            if inside:
                take = seg.lines if quotes.head_from_inside is None else quotes.head_from_inside
                owner.borrow_from.append((index, s_index, take))
                seg.skip = take
                if quotes.head_from_inside is None:
                    continue  # the whole segment is inside the open row, which stays open
                inside = quotes.exit_from_inside
            else:
                inside = quotes.exit_from_outside
            if inside:
                owner = seg
    return plan


def take_heads(index: int, rows: Iterable, segments: list, wanted: dict, max_bytes: int) -> Iterator:
    """Second (small) pass: the leading lines of this partition's segments that finish rows of
    earlier segments. `wanted` maps (partition, segment index) to a line count; at most about
    `max_bytes` per segment are kept (a longer row is an error record for rapport anyway)."""
    mine = {k[1]: n for k, n in wanted.items() if k[0] == index}
    if not mine:
        return
    last = max(mine)
    it = iter(rows)
    for s_index, seg in enumerate(segments[: last + 1]):
        want = mine.get(s_index, 0)
        taken: list = []
        size = 0
        for _ in range(seg.lines):
            raw = next(it, None)
            if raw is None:
                break
            if len(taken) < want and size <= max_bytes:
                line = bytes(raw[0] if isinstance(raw, tuple) else raw)
                taken.append(line)
                size += len(line) + 1
            elif s_index == last:
                break  # nothing more to take from this partition
        if s_index in mine:
            yield (index, s_index), taken


def apply_scans(scanned: list, found: Iterable) -> None:
    """Puts scan_partition's findings, [(partition, [(segment index, first line, QuoteScan)])], on the segments."""
    for p, items in found:
        for s_index, first, quotes in items:
            scanned[p][s_index].first_line_bytes = first
            scanned[p][s_index].quotes = quotes


# ---------------------------------------------------------------------------------------------
# Running rapport on one segment (on the executors)


@dataclass
class ClassifyConfig:
    """What every task needs to run rapport: the shipped file names and the classify options."""

    binary: str
    rule_packs: list
    no_default_rules: bool = False
    options: list = field(default_factory=list)  # --text-field X, --id-field Y, ...
    jobs: int = 1
    multi_file: bool = False


def rapport_command(binary: str, config: ClassifyConfig, seg: Segment, packs: list[str], summary_path: str) -> list[str]:
    """The `rapport classify` command line for one segment."""
    first = seg.first_line + seg.skip
    if seg.header is not None:
        first -= 1  # the header we put first takes the line before the segment's first row
    cmd = [binary, "classify", "--input-format", seg.fmt, "--output-format", "jsonl",
           "--first-line", str(first), "--jobs", str(config.jobs), "--summary-json", summary_path]
    for pack in packs:
        cmd += ["--rules", pack]
    if config.no_default_rules:
        cmd.append("--no-default-rules")
    return cmd + list(config.options)


def shipped_file(name: str) -> str:
    """Where a file shipped with addFile (or spark-submit --files) is on this executor."""
    try:
        from pyspark import SparkFiles
        path = SparkFiles.get(name)
        if os.path.exists(path):
            return path
    except Exception:  # noqa: BLE001 - not inside Spark (unit tests) or no SparkFiles root yet
        pass
    local = os.path.join(os.getcwd(), name)
    if os.path.exists(local):
        return local
    raise RuntimeError(f"rapport_spark: '{name}' was not shipped to this executor (addFile / --files)")


def executable(path: str) -> str:
    """`path`, or an executable copy of it when the shipped file lost its execute bit."""
    if os.access(path, os.X_OK):
        return path
    try:
        os.chmod(path, 0o755)
        return path
    except OSError:
        copy = os.path.join(tempfile.mkdtemp(prefix="rapport-bin-"), os.path.basename(path))
        shutil.copy(path, copy)
        os.chmod(copy, 0o755)
        return copy


def add_file_name(error_line: bytes, file: str) -> bytes:
    """Names the input file in an error record, as the CLI does when it reads several inputs:
    `{"line":3,...}` becomes `{"file":"...","line":3,...}`."""
    if not error_line.startswith(b'{"line":'):
        return error_line
    return b'{"file":' + json.dumps(file, ensure_ascii=False).encode() + b"," + error_line[1:]


def run_segment(seg: Segment, rows: Iterator, config: ClassifyConfig, binary: str, packs: list[str]) -> Iterator[bytes]:
    """Pipes the segment's lines through `rapport classify` and yields its answers in order.

    A writer thread feeds stdin (header, the segment's own lines, then the borrowed ones) while
    this generator reads stdout and another thread drains stderr, so no pipe can fill up and
    deadlock. Exit 0 and 65 are fine; any other status, or fewer answers than rapport counted
    records, raises with rapport's stderr, failing the task."""
    fd, summary_path = tempfile.mkstemp(prefix="rapport-summary-", suffix=".json")
    os.close(fd)
    cmd = rapport_command(binary, config, seg, packs, summary_path)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=1 << 16)
    problems: list[str] = []
    stderr_chunks: list[bytes] = []

    def feed():
        try:
            buffer: list[bytes] = []
            size = 0
            if seg.header is not None:
                buffer.append(seg.header + b"\n")
            for n in range(seg.lines):
                row = next(rows, None)
                if row is None:
                    problems.append(f"the partition ended after {n} of the {seg.lines} lines planned for {seg.file}")
                    break
                raw = row[0] if isinstance(row, tuple) else row
                if n < seg.skip:
                    continue
                buffer.append(bytes(raw) + b"\n")
                size += len(raw) + 1
                if size >= WRITE_CHUNK_BYTES:
                    proc.stdin.write(b"".join(buffer))
                    buffer, size = [], 0
            buffer.extend(line + b"\n" for line in seg.borrow)
            if buffer:
                proc.stdin.write(b"".join(buffer))
        except BrokenPipeError:
            pass  # rapport stopped reading; its exit status and stderr tell why
        except Exception as error:  # noqa: BLE001 - reported below, with rapport's stderr
            problems.append(f"feeding rapport failed: {error!r}")
        finally:
            try:
                proc.stdin.close()
            except OSError:
                pass

    def drain():
        stderr_chunks.append(proc.stderr.read())

    writer = threading.Thread(target=feed, name="rapport-stdin", daemon=True)
    reader = threading.Thread(target=drain, name="rapport-stderr", daemon=True)
    writer.start()
    reader.start()
    answers = 0
    try:
        for line in proc.stdout:
            answers += 1
            line = line.rstrip(b"\n")
            if config.multi_file and line.startswith(b'{"line":'):
                line = add_file_name(line, seg.file)
            yield line
        status = proc.wait()
        writer.join()
        reader.join()
        stderr = b"".join(stderr_chunks).decode("utf-8", "replace").strip()
        where = f"{seg.file} from line {seg.first_line + seg.skip}"
        if problems:
            raise RuntimeError(f"rapport_spark: {where}: {'; '.join(problems)}\n{stderr}")
        if status not in (EXIT_OK, EXIT_RECORD_ERRORS):
            raise RuntimeError(f"rapport classify exited with status {status} on {where}:\n{stderr}")
        with open(summary_path, encoding="utf-8") as f:
            summary = json.load(f)
        if summary.get("records") != answers:
            raise RuntimeError(f"rapport classify read {summary.get('records')} records of {where} but wrote {answers} answers:\n{stderr}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        try:
            os.unlink(summary_path)
        except OSError:
            pass


def classify_partition(index: int, rows: Iterable, plan: dict, config: ClassifyConfig) -> Iterator[bytes]:
    """Classifies one partition: one rapport process per segment (usually one per partition)."""
    segments = plan.get(index, [])
    if not segments:
        return
    binary = executable(shipped_file(config.binary))
    packs = [shipped_file(p) for p in config.rule_packs]
    it = iter(rows)
    for seg in segments:
        if seg.skip >= seg.lines and not seg.borrow:
            for _ in range(seg.lines):
                next(it, None)
            continue
        yield from run_segment(seg, it, config, binary, packs)
    if next(it, None) is not None:
        raise RuntimeError(f"rapport_spark: partition {index} has more lines than the first pass counted")


# ---------------------------------------------------------------------------------------------
# The driver


def check_rules(binary: str, packs: list[str], no_default_rules: bool) -> None:
    """Loads the rule packs exactly as the tasks will (classify on no input) and stops the job with
    the CLI's diagnostics when they have errors."""
    cmd = [binary, "classify", "--input-format", "jsonl", "--quiet"]
    for pack in packs:
        cmd += ["--rules", pack]
    if no_default_rules:
        cmd.append("--no-default-rules")
    result = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True)
    if result.returncode == 0:
        return
    sys.stderr.write(result.stderr.decode("utf-8", "replace"))
    if result.returncode == EXIT_RULES:
        raise JobError("rapport_spark: the rule pack has errors; the job was not started", EXIT_RULES)
    raise JobError(f"rapport_spark: '{' '.join(cmd)}' failed with status {result.returncode}", EXIT_USAGE)


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="rapport_spark.py", description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", metavar="INPUT... OUTPUT",
                    help="input files, directories or globs (any path Spark reads), then the output directory for JSONL")
    ap.add_argument("--rapport", default="rapport",
                    help="the rapport binary to ship (a path on the driver, or the name of a file shipped with --files)")
    ap.add_argument("--rules", action="append", default=[], metavar="PACK",
                    help="a rule pack (directory or .yaml file) layered over the embedded default; repeatable")
    ap.add_argument("--no-default-rules", action="store_true", help="use only the packs given with --rules")
    ap.add_argument("--input-format", choices=SPLITTABLE_FORMATS, help="instead of deciding by extension or first line")
    ap.add_argument("--text-field", help="the field holding the comment text (dotted path)")
    ap.add_argument("--id-field", help="the field holding the comment id (dotted path)")
    ap.add_argument("--author-field", help="the field holding the author (dotted path)")
    ap.add_argument("--keep-fields", help="input fields to copy into each verdict (comma-separated)")
    ap.add_argument("--max-record-bytes", type=int, help="records longer than this become error records")
    ap.add_argument("--parquet", metavar="DIR", help="also write the verdicts as Parquet here")
    ap.add_argument("--max-partition-bytes", type=int,
                    help="split input files into pieces of at most this many bytes (spark.sql.files.maxPartitionBytes)")
    ap.add_argument("--rapport-jobs", type=int,
                    help="worker threads per rapport process (default: spark.task.cpus, i.e. one per task slot)")
    ap.add_argument("--overwrite", action="store_true", help="replace OUTPUT (and the --parquet directory) if they exist")
    ap.add_argument("--master", help="Spark master when not given by spark-submit (e.g. local[2])")
    args = ap.parse_args(argv)
    if len(args.paths) < 2:
        ap.error("give at least one INPUT and the OUTPUT directory")
    if args.no_default_rules and not args.rules:
        ap.error("--no-default-rules needs at least one --rules PACK")
    return args


def classify_options(args: argparse.Namespace) -> list[str]:
    """The classify options passed through to every rapport process."""
    options = []
    for name in ("text_field", "id_field", "author_field", "keep_fields", "max_record_bytes"):
        value = getattr(args, name)
        if value is not None:
            options += ["--" + name.replace("_", "-"), str(value)]
    return options


def resolve_local(path: str, program: bool = False) -> str:
    """A driver-side file: the path as given (made absolute for a program, so it is not looked up
    on PATH), else a program on PATH, else a file of that name shipped with --files."""
    if os.path.exists(path):
        return os.path.abspath(path) if program else path
    found = shutil.which(path) if program and os.sep not in path else None
    if found:
        return found
    try:
        return shipped_file(os.path.basename(path))
    except RuntimeError:
        raise JobError(f"rapport_spark: {path}: no such file (give --rapport/--rules a path on the driver, or ship it with --files)", EXIT_NO_INPUT)


def same_file(uri: str, path: str) -> bool:
    """Whether a file URI Spark lists (symbolic links resolved, maybe a trailing slash) names `path`."""
    local = uri.split(":", 1)[1] if uri.startswith("file:") else uri
    while local.startswith("//"):
        local = local[1:]
    return os.path.realpath(local.rstrip("/") or "/") == os.path.realpath(path.rstrip("/") or "/")


@dataclass
class JobResult:
    """What the job wrote: record and error counts, labels, and the first error records."""

    records: int
    errors: int
    labels: dict
    first_errors: list
    partitions: int

    def text(self) -> str:
        lines = [f"{self.records} records classified in {self.partitions} partitions: "
                 f"{self.records - self.errors} verdicts, {self.errors} error record{'s' if self.errors != 1 else ''}"]
        if self.labels:
            lines.append("  labels: " + ", ".join(f"{k} {v}" for k, v in sorted(self.labels.items())))
        for e in self.first_errors:
            place = f"{e['file']}:{e['line']}" if e.get("file") else f"line {e.get('line')}"
            lines.append(f"  error at {place}: {e.get('error')}")
        return "\n".join(lines) + "\n"


def run_job(spark, inputs: list[str], output: str, args: argparse.Namespace) -> JobResult:
    """Runs the whole job on an existing SparkSession; raises JobError for problems the user must fix."""
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    binary_path = resolve_local(args.rapport, program=True)
    pack_paths = [resolve_local(p) for p in args.rules]
    check_rules(binary_path, pack_paths, args.no_default_rules)

    names = [os.path.basename(p.rstrip("/")) for p in [binary_path] + pack_paths]
    if len(set(names)) != len(names):
        raise JobError(f"rapport_spark: the binary and rule packs must have different base names to be shipped: {names}", EXIT_USAGE)
    registered = {os.path.basename(u.rstrip("/")): u for u in getattr(sc, "listFiles", [])}
    from pyspark import SparkFiles
    for path, name in zip([binary_path] + pack_paths, names):
        uri = registered.get(name)
        if uri is None:
            sc.addFile(path, recursive=os.path.isdir(path))
        elif not same_file(uri, path) and not path.startswith(SparkFiles.getRootDirectory()):
            raise JobError(f"rapport_spark: this SparkContext already ships another file named '{name}' ({uri}); "
                           "Spark cannot replace it: rename the file or use a new SparkContext", EXIT_USAGE)
    sc.addPyFile(os.path.abspath(__file__))  # the executors unpickle this module's functions and classes

    if args.max_partition_bytes:
        spark.conf.set("spark.sql.files.maxPartitionBytes", str(args.max_partition_bytes))
    hadoop = sc._jvm.org.apache.hadoop.fs.Path(output)
    fs = hadoop.getFileSystem(sc._jsc.hadoopConfiguration())
    for target in [output] + ([args.parquet] if args.parquet else []):
        path = sc._jvm.org.apache.hadoop.fs.Path(target)
        if fs.exists(path):
            if not args.overwrite:
                raise JobError(f"rapport_spark: {target} exists (use --overwrite to replace it)", EXIT_USAGE)
            fs.delete(path, True)

    try:
        frame = spark.read.option("lineSep", "\n").text(inputs)
    except Exception as error:  # noqa: BLE001 - AnalysisException: path does not exist
        raise JobError(f"rapport_spark: cannot read {', '.join(inputs)}: {str(error).splitlines()[0]}", EXIT_NO_INPUT)
    files = list(frame.inputFiles())
    if not files:
        raise JobError(f"rapport_spark: no input files in {', '.join(inputs)}", EXIT_NO_INPUT)
    formats = {}
    for f in files:
        fmt = args.input_format or format_from_name(f)
        if fmt is None:
            first = spark.read.option("lineSep", "\n").text(f).select(F.col("value").cast("binary")).limit(1).collect()
            fmt = sniff_format(bytes(first[0][0]) if first else b"", [args.text_field] if args.text_field else DEFAULT_TEXT_FIELDS)
        if fmt not in SPLITTABLE_FORMATS:
            raise JobError(f"rapport_spark: {f}: a JSON array cannot be split; convert it to JSON Lines first (jq -c '.[]')", EXIT_USAGE)
        formats[f] = fmt

    # First pass, in the JVM: how many lines each split of each file has, in partition order.
    ids = frame.select(F.spark_partition_id().alias("p"), F.input_file_name().alias("f"),
                       F.input_file_block_start().alias("b"), F.monotonically_increasing_id().alias("i"))
    counts = ids.groupBy("p", "f", "b").agg(F.count(F.lit(1)).alias("n"), F.min("i").alias("o")).collect()
    scanned = segments_of((r["p"], r["f"], r["b"], r["n"], r["o"]) for r in counts)
    # The tasks get only the lines' bytes: the plan says which lines are whose.
    rows = frame.select(F.col("value").cast("binary")).rdd
    if any(delimiter_of(f) is not None for f in formats.values()):
        # CSV/TSV: the quote state at every split boundary (a Python pass over those partitions).
        needs = {p for p, segs in enumerate(scanned) if any(delimiter_of(formats.get(s.file, "")) for s in segs)}
        found = rows.mapPartitionsWithIndex(
            lambda i, part: [(i, scan_partition(part, scanned[i], formats))] if i in needs else []).collect()
        apply_scans(scanned, found)
    plan = make_plan(scanned, formats)
    wanted = {}
    for segments in plan.values():
        for seg in segments:
            for (p, s, n) in seg.borrow_from:
                wanted[(p, s)] = n
    if wanted:
        max_bytes = args.max_record_bytes or (4 << 20)
        heads = dict(rows.mapPartitionsWithIndex(lambda i, part: take_heads(i, part, plan.get(i, []), wanted, max_bytes)).collect())
        for segments in plan.values():
            for seg in segments:
                for (p, s, _) in seg.borrow_from:
                    seg.borrow.extend(heads.get((p, s), []))

    config = ClassifyConfig(binary=names[0], rule_packs=names[1:], no_default_rules=args.no_default_rules,
                            options=classify_options(args), multi_file=len(files) > 1,
                            jobs=args.rapport_jobs or int(sc.getConf().get("spark.task.cpus", "1")))
    plan_bc = sc.broadcast(plan)
    verdicts = rows.mapPartitionsWithIndex(lambda i, part: classify_partition(i, part, plan_bc.value, config))
    verdicts.saveAsTextFile(output)

    written = spark.read.option("lineSep", "\n").text(output)
    is_error = F.col("value").startswith('{"line":') | F.col("value").startswith('{"file":')
    label = F.regexp_extract("value", r'^\{"id":"(?:[^"\\]|\\.)*","label":"([a-z]+)"', 1)
    counts = written.select(is_error.alias("error"), label.alias("label")).groupBy("error", "label").count().collect()
    records = sum(r["count"] for r in counts)
    errors = sum(r["count"] for r in counts if r["error"])
    labels = {r["label"]: r["count"] for r in counts if not r["error"] and r["label"]}
    # The first error records in output order: part files by name (part-00000, ...), then position.
    ordered = written.where(is_error).select(
        F.length(F.input_file_name()).alias("n"), F.input_file_name().alias("part"),
        F.monotonically_increasing_id().alias("at"), "value")
    first_errors = [json.loads(r["value"]) for r in ordered.orderBy("n", "part", "at").limit(10).collect()]
    if args.parquet:
        spark.read.json(output).write.parquet(args.parquet)
    return JobResult(records=records, errors=errors, labels=labels, first_errors=first_errors, partitions=len(scanned))


def task_failure(message: str) -> str:
    """The message a task raised (with rapport's stderr), out of Spark's long error text."""
    found = re.search(r"RuntimeError: (.*?)(?:\n\s+at [\w.$]+\(|\n\nDriver stacktrace|\n\s*SQLSTATE:|\Z)", message, re.S)
    return found.group(1).strip() if found else message


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    inputs, output = args.paths[:-1], args.paths[-1]
    try:
        # Check the rules before Spark starts: a broken pack costs no cluster time.
        check_rules(resolve_local(args.rapport, program=True), [resolve_local(p) for p in args.rules], args.no_default_rules)
    except JobError as error:
        sys.stderr.write(str(error) + "\n")
        return error.code
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("rapport-classify")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        result = run_job(spark, inputs, output, args)
        # Before stopping Spark: spark-submit may stop copying our stderr once the context is gone.
        sys.stderr.write(result.text())
        sys.stderr.flush()
    except JobError as error:
        sys.stderr.write(str(error) + "\n")
        return error.code
    except Exception as error:  # noqa: BLE001 - a failed Spark job: show the task's own message
        sys.stderr.write("rapport_spark: the job failed: " + task_failure(str(error)) + "\n")
        sys.stderr.flush()
        return 1
    finally:
        spark.stop()
    return EXIT_RECORD_ERRORS if result.errors else EXIT_OK


if __name__ == "__main__":
    # Run as the module `rapport_spark`, so the plan's classes and the task functions pickle by a
    # name the executors can import (the file is shipped to them with addPyFile).
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import rapport_spark

    sys.exit(rapport_spark.main())
