"""End-to-end tests: the Spark job in local[2] against one `rapport classify` process, record for record.

Needs pyspark and the rapport binary (scripts/spark-test.sh provides both). The corpora come from
scripts/gen-corpus.py; the damaged and multi-line ones are built from it here.
"""
import csv
import glob
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_spark as rs  # noqa: E402
from test_helpers import ROOT, fake_binary, rapport_binary  # noqa: E402

try:
    import pyspark  # noqa: F401
    HAVE_SPARK = True
except ImportError:
    HAVE_SPARK = False

HERE = os.path.dirname(os.path.abspath(__file__))
PACK = os.path.join(HERE, "testdata", "pack")
BAD_PACK = os.path.join(HERE, "testdata", "bad-pack")
SPARK = None
WORK = None


def setUpModule():
    global SPARK, WORK
    if not (HAVE_SPARK and rapport_binary()):
        if os.environ.get("RAPPORT_SPARK_REQUIRED"):  # scripts/spark-test.sh: skipping would hide the tests
            raise RuntimeError(f"pyspark importable: {HAVE_SPARK}; rapport binary: {rapport_binary()}")
        return
    from pyspark.sql import SparkSession
    WORK = tempfile.mkdtemp(prefix="rapport-spark-test-")
    SPARK = (SparkSession.builder.master("local[2]").appName("rapport-spark-tests")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
             .config("spark.driver.memory", "1g").getOrCreate())
    SPARK.sparkContext.setLogLevel("ERROR")


def tearDownModule():
    if SPARK is not None:
        SPARK.stop()
    if WORK:
        shutil.rmtree(WORK, ignore_errors=True)


def corpus(n, seed, fmt="jsonl"):
    """A generated corpus file (cached for the module)."""
    path = os.path.join(WORK, f"corpus-{n}-{seed}.{fmt}")
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts/gen-corpus.py"), str(n), "--seed", str(seed),
                        "--format", fmt, "--output", path], check=True)
    return path


def single_process(path, *options):
    """`rapport classify` on the whole file in one process: (stdout lines, exit status)."""
    result = subprocess.run([rapport_binary(), "classify", "--quiet", *options, path], capture_output=True)
    assert result.returncode in (0, 65), result.stderr.decode()
    return result.stdout.splitlines(), result.returncode


def spark_output(directory):
    """The job's JSONL output, part files in order."""
    out = []
    for part in sorted(glob.glob(os.path.join(directory, "part-*"))):
        with open(part, "rb") as f:
            out += f.read().splitlines()
    return out


def run(inputs, *options, split_bytes=None):
    """Runs the job on the module's SparkSession; returns (result, output lines, seconds, output dir)."""
    inputs = [inputs] if isinstance(inputs, str) else list(inputs)
    out = os.path.join(WORK, "out-" + str(time.monotonic_ns()))
    argv = ["--rapport", rapport_binary(), *options]
    if split_bytes:
        argv += ["--max-partition-bytes", str(split_bytes)]
    start = time.monotonic()
    result = rs.run_job(SPARK, inputs, out, rs.parse_args(argv + inputs + [out]))
    return result, spark_output(out), time.monotonic() - start, out


@unittest.skipUnless(HAVE_SPARK and rapport_binary(), "needs pyspark and a rapport binary (run scripts/spark-test.sh)")
class SparkJobTests(unittest.TestCase):
    def test_100k_comments_in_several_partitions_match_one_process(self):
        path = corpus(100_000, 42)
        expected, _ = single_process(path)
        size = os.path.getsize(path)
        result, got, seconds, out = run(path, split_bytes=size // 6 + 1)
        print(f"\n100k JSONL: {result.partitions} partitions, {seconds:.1f}s in Spark local[2] "
              f"({100_000 / seconds:,.0f} records/s)", file=sys.stderr)
        self.assertGreaterEqual(result.partitions, 6)
        self.assertEqual(len(glob.glob(os.path.join(out, "part-*"))), result.partitions)
        self.assertEqual(result.records, 100_000)
        self.assertEqual(result.errors, 0)
        self.assertEqual(len(got), len(expected))
        self.assertEqual(got, expected)
        self.assertEqual(sum(result.labels.values()), 100_000)

    def test_rule_pack_layered_over_the_default_and_parquet(self):
        path = corpus(30_000, 5)
        expected, _ = single_process(path, "--rules", PACK)
        default, _ = single_process(path)
        self.assertNotEqual(expected, default)  # the pack changes verdicts
        parquet = os.path.join(WORK, "verdicts.parquet")
        result, got, _, _ = run(path, "--rules", PACK, "--parquet", parquet, split_bytes=os.path.getsize(path) // 4 + 1)
        self.assertGreaterEqual(result.partitions, 4)
        self.assertEqual(got, expected)
        self.assertTrue(any(b'"kitchen.broken"' in line for line in got))
        table = SPARK.read.parquet(parquet)
        self.assertEqual(table.count(), 30_000)
        self.assertEqual(sorted(r["id"] for r in table.select("id").collect()),
                         sorted(json.loads(line)["id"] for line in expected))

    def test_damaged_records_become_error_records_in_place(self):
        with open(corpus(20_000, 9), "rb") as f:
            lines = f.read().splitlines()
        damaged = [b"\xef\xbb\xbf" + lines[0]]
        for i, line in enumerate(lines[1:], start=1):
            if i % 997 == 0:
                line = line[: len(line) // 2]                       # truncated JSON
            elif i % 991 == 0:
                line = line.replace(b'"text":"', b'"text":"\xff\xfe bad bytes ')  # invalid UTF-8 in JSON
            elif i % 983 == 0:
                line = b"[1, 2, 3]"                                  # not an object
            elif i % 977 == 0:
                line = b'{"id":"no-text","message":null}'
            elif i % 971 == 0:
                line = json.dumps({"text": "no id here, where is my parcel?"}).encode()  # positional id
            elif i % 967 == 0:
                line = json.dumps({"id": "huge", "text": "x " * 3000}).encode()  # over --max-record-bytes
            elif i % 953 == 0:
                damaged.append(b"   ")                               # blank lines count as lines
                damaged.append(b"")
            elif i % 947 == 0:
                line += b"\r"                                        # CRLF
            damaged.append(line)
        path = os.path.join(WORK, "damaged.jsonl")
        with open(path, "wb") as f:
            f.write(b"\n".join(damaged))                             # no final newline
        expected, status = single_process(path, "--max-record-bytes", "4096")
        self.assertEqual(status, 65)
        expected_errors = [line for line in expected if line.startswith(b'{"line":')]
        self.assertGreater(len(expected_errors), 60)
        ids = {json.loads(line).get("id") for line in expected}
        self.assertTrue(ids & {str(i) for i in range(15000, 20100)})  # positional ids far into the file
        result, got, _, _ = run(path, "--max-record-bytes", "4096", split_bytes=os.path.getsize(path) // 5 + 1)
        self.assertGreaterEqual(result.partitions, 5)
        self.assertEqual(got, expected)
        self.assertEqual(result.errors, len(expected_errors))
        self.assertEqual(result.records, len(expected))
        self.assertEqual([e["line"] for e in result.first_errors], [json.loads(l)["line"] for l in expected_errors[:10]])

    def test_csv_with_quoted_newlines_across_splits(self):
        with open(corpus(15_000, 11), encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(["id", "author", "author.followers", "text"])
        for i, r in enumerate(records):
            text = r["text"]
            if i % 5 == 0:
                text += '\nP.S. "seriously"\n\nsecond paragraph, with a comma'
            if i == 7000:
                text = "a very long rant\n" * 12000              # spans several splits
            writer.writerow(["" if i % 13 == 0 else r["id"], r["author"]["name"], r["author"]["followers"], text])
        path = os.path.join(WORK, "multiline.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(buffer.getvalue())
        expected, _ = single_process(path)
        result, got, _, _ = run(path, split_bytes=120_000)
        self.assertGreaterEqual(result.partitions, 8)
        self.assertEqual(len(got), 15_000)
        self.assertEqual(got, expected)

    def test_several_files_keep_each_files_order_and_name_it_in_errors(self):
        directory = os.path.join(WORK, "many")
        os.makedirs(directory, exist_ok=True)
        expected = {}
        for n, seed in ((4000, 1), (2500, 2), (3000, 3)):
            with open(corpus(n, seed), "rb") as f:
                lines = [l.replace(b'"id":"c', b'"id":"f%d-' % seed) for l in f.read().splitlines()]
            lines[100] = b"{broken"
            path = os.path.join(directory, f"part-{seed}.jsonl")
            with open(path, "wb") as f:
                f.write(b"\n".join(lines) + b"\n")
            expected[path] = single_process(path)[0]
        result, got, _, _ = run(directory, split_bytes=300_000)
        self.assertGreaterEqual(result.partitions, 3)
        self.assertEqual(result.records, 9500)
        self.assertEqual(result.errors, 3)
        self.assertEqual(len(got), 9500)
        for path, lines in expected.items():
            fixed = [rs.add_file_name(l, "file://" + path) for l in lines]
            wanted = set(fixed)
            self.assertEqual([l for l in got if l in wanted], fixed)
            self.assertIn(b'{"file":"file://' + path.encode() + b'","line":101,', b"\n".join(fixed))

    def test_rapport_failing_in_a_task_fails_the_job_with_its_stderr(self):
        path = corpus(2000, 3)
        with tempfile.TemporaryDirectory() as d:
            # Passes the driver's rule check (no input) but fails on real input.
            binary = fake_binary(d, 'if [ "$(head -c1)" ]; then echo "rapport: simulated crash" >&2; exit 70; fi\n',
                                 name="rapport-crashing")
            out = os.path.join(WORK, "failing")
            with self.assertRaises(Exception) as caught:
                rs.run_job(SPARK, [path], out, rs.parse_args(["--rapport", binary, path, out]))
            self.assertIn("simulated crash", str(caught.exception))
            self.assertIn("status 70", str(caught.exception))
            # The same SparkContext cannot ship a different file under a name it already ships.
            other = fake_binary(d, "exit 0\n", name=os.path.basename(rapport_binary()))
            with self.assertRaises(rs.JobError) as refused:
                rs.run_job(SPARK, [path], out + "-2", rs.parse_args(["--rapport", other, path, out + "-2"]))
            self.assertIn("already ships another file", str(refused.exception))


@unittest.skipUnless(HAVE_SPARK and rapport_binary(), "needs pyspark and a rapport binary (run scripts/spark-test.sh)")
class CommandLineTests(unittest.TestCase):
    def test_broken_rule_pack_stops_before_spark_starts(self):
        out = os.path.join(WORK, "never-written")
        result = subprocess.run([sys.executable, os.path.join(HERE, "rapport_spark.py"), "--rapport", rapport_binary(),
                                 "--rules", BAD_PACK, corpus(2000, 3), out], capture_output=True, timeout=60)
        stderr = result.stderr.decode()
        self.assertEqual(result.returncode, 2, stderr)
        self.assertIn("broken.yaml:6:5: error: unknown key 'matchx' in rule 'broken.typo'; did you mean 'match'?", stderr)
        self.assertIn("the rule pack has 3 errors", stderr)
        self.assertNotIn("SparkContext", stderr)
        self.assertFalse(os.path.exists(out))

    def test_spark_submit_command_from_the_readme(self):
        # The spark-submit of the pyspark this Python runs, not another Spark's on PATH.
        submit = os.path.join(os.path.dirname(sys.executable), "spark-submit")
        if not os.path.exists(submit):
            self.skipTest("no spark-submit")
        path = os.path.join(WORK, "submit.jsonl")
        with open(corpus(3000, 4), "rb") as f, open(path, "wb") as g:
            data = f.read().splitlines()
            data[10] = b'{"text": oops}'
            g.write(b"\n".join(data) + b"\n")
        out = os.path.join(WORK, "submit-out")
        result = subprocess.run([submit, "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                                 os.path.join(HERE, "rapport_spark.py"), "--rapport", rapport_binary(), "--rules", PACK,
                                 path, out], capture_output=True, timeout=300)
        # spark-submit passes the Python driver's stderr on through its stdout or its stderr, by version.
        stderr = result.stdout.decode() + result.stderr.decode()
        self.assertEqual(result.returncode, 65, stderr[-3000:])
        self.assertIn("3000 records classified", stderr)
        self.assertIn("1 error record", stderr)
        self.assertIn("error at line 11: malformed JSON", stderr)
        self.assertEqual(spark_output(out), single_process(path, "--rules", PACK)[0])


if __name__ == "__main__":
    unittest.main()
