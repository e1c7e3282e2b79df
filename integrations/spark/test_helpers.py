"""Unit tests of rapport_spark's helpers: formats, the CSV quote scan, the plan, and run_segment.

The run_segment tests use the real `rapport` binary (RAPPORT_BIN, else .build/release/rapport or
.build/debug/rapport) and small fake binaries written here; no Spark is started.
"""
import json
import os
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_spark as rs  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def rapport_binary():
    """The rapport binary the tests use, or None."""
    for path in (os.environ.get("RAPPORT_BIN"), os.path.join(ROOT, ".build/release/rapport"), os.path.join(ROOT, ".build/debug/rapport")):
        if path and os.access(path, os.X_OK):
            return path
    return None


def fake_binary(directory, script, name="rapport"):
    """A shell script standing in for rapport."""
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + script)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


class FormatTests(unittest.TestCase):
    def test_format_from_name_follows_rapport_and_ignores_compression(self):
        self.assertEqual(rs.format_from_name("file:/d/a.jsonl"), "jsonl")
        self.assertEqual(rs.format_from_name("s3a://b/x.NDJSON.gz"), "jsonl")
        self.assertEqual(rs.format_from_name("a.csv.bz2"), "csv")
        self.assertEqual(rs.format_from_name("a.tab"), "tsv")
        self.assertEqual(rs.format_from_name("notes.txt"), "text")
        self.assertIsNone(rs.format_from_name("dump.json"))
        self.assertIsNone(rs.format_from_name("part-00000"))

    def test_sniff_format(self):
        self.assertEqual(rs.sniff_format(b'{"id":1,"text":"hi"}'), "jsonl")
        self.assertEqual(rs.sniff_format(b'\xef\xbb\xbf  {"text":"hi"}'), "jsonl")
        self.assertEqual(rs.sniff_format(b'{"data":[{"text":"hi"}]}'), "json")
        self.assertEqual(rs.sniff_format(b"[{"), "json")
        self.assertEqual(rs.sniff_format(b'id,"Text",author'), "csv")
        self.assertEqual(rs.sniff_format(b"id\tmessage"), "tsv")
        self.assertEqual(rs.sniff_format(b"id,body2"), "text")
        self.assertEqual(rs.sniff_format(b"id,note", ["note"]), "csv")
        self.assertEqual(rs.sniff_format(b"just a comment, really"), "text")


class QuoteScanTests(unittest.TestCase):
    C = ord(",")

    def test_line_exit_follows_rfc4180_and_stray_quotes(self):
        self.assertFalse(rs.csv_line_exit(b'1,"a, b",c', self.C, False))
        self.assertTrue(rs.csv_line_exit(b'1,"opens here', self.C, False))
        self.assertFalse(rs.csv_line_exit(b'closes" here,x', self.C, True))
        self.assertTrue(rs.csv_line_exit(b'still ""inside"" it', self.C, True))
        self.assertFalse(rs.csv_line_exit(b'"a ""quoted"" word"', self.C, False))
        # A quote in the middle of an unquoted cell is literal: it opens nothing.
        self.assertFalse(rs.csv_line_exit(b'1,a 5" screen,b', self.C, False))
        # TSV: only a tab starts a cell.
        self.assertFalse(rs.csv_line_exit(b'1,"x', ord("\t"), False))
        self.assertTrue(rs.csv_line_exit(b'1\t"x', ord("\t"), False))

    def test_scan_quotes_tracks_both_entry_states_and_the_head(self):
        scan = rs.scan_quotes([b"end of a field\",1", b'2,"opens', b"inside"], self.C)
        self.assertEqual(scan.head_from_inside, 1)
        self.assertTrue(scan.exit_from_inside)
        # From outside the first line's quote is literal; the second line opens a field that stays open.
        self.assertTrue(scan.exit_from_outside)
        never = rs.scan_quotes([b"a", b"b"], self.C)
        self.assertIsNone(never.head_from_inside)
        self.assertFalse(never.exit_from_outside)


def plan_for(parts, formats):
    """The plan for partitions given as [[(file, block, [lines])]], as run_job makes it."""
    counts = []
    for p, segments in enumerate(parts):
        at = p << 33
        for file, block, lines in segments:
            counts.append((p, file, block, len(lines), at))
            at += len(lines)
    scanned = rs.segments_of(reversed(counts))  # the first pass's rows come in any order
    found = [(p, rs.scan_partition([l for _, _, lines in segments for l in lines], scanned[p], formats))
             for p, segments in enumerate(parts)]
    rs.apply_scans(scanned, found)
    return rs.make_plan(scanned, formats)


class PlanTests(unittest.TestCase):
    def test_segments_follow_row_ids_within_a_partition(self):
        scanned = rs.segments_of([(1, "g", 0, 2, (1 << 33) + 5), (1, "f", 0, 5, 1 << 33), (0, "f", 300, 3, 0)])
        self.assertEqual([[(s.file, s.block, s.lines) for s in p] for p in scanned],
                         [[("f", 300, 3)], [("f", 0, 5), ("g", 0, 2)]])

    def test_jsonl_segments_are_numbered_by_block_start_not_partition_order(self):
        formats = {"f": "jsonl", "g": "jsonl"}
        plan = plan_for([[("f", 300, [b"x"] * 3)], [("f", 0, [b"x"] * 5), ("g", 0, [b"y"] * 2)]], formats)
        self.assertEqual([(s.file, s.first_line, s.lines) for s in plan[1]], [("f", 1, 5), ("g", 1, 2)])
        self.assertEqual([(s.file, s.first_line, s.lines) for s in plan[0]], [("f", 6, 3)])
        self.assertTrue(all(s.header is None and s.skip == 0 for p in plan.values() for s in p))

    def test_csv_row_crossing_two_splits_goes_to_the_segment_it_starts_in(self):
        formats = {"c": "csv"}
        first = [b"id,text", b'1,"starts here', b"still inside"]
        second = [b"more", b'end",x', b"2,plain"]
        third = [b"3,plain"]
        plan = plan_for([[("c", 0, first)], [("c", 100, second)], [("c", 200, third)]], formats)
        a, b, c = plan[0][0], plan[1][0], plan[2][0]
        self.assertEqual(a.borrow_from, [(1, 0, 2)])
        self.assertEqual((b.skip, b.first_line, b.header), (2, 4, b"id,text"))
        self.assertEqual((c.skip, c.first_line, c.header), (0, 7, b"id,text"))
        heads = dict(rs.take_heads(1, second, plan[1], {(1, 0): 2}, 1 << 20))
        self.assertEqual(heads, {(1, 0): [b"more", b'end",x']})
        # rapport numbers the header the line before the first row it is given (line 6).
        cmd = rs.rapport_command("r", rs.ClassifyConfig(binary="r", rule_packs=[]), b, [], "s")
        self.assertEqual(cmd[cmd.index("--first-line") + 1], "5")

    def test_csv_segment_wholly_inside_a_quoted_field_passes_it_on(self):
        formats = {"c": "csv"}
        plan = plan_for([[("c", 0, [b"id,text", b'1,"open'])], [("c", 10, [b"in", b"in"])],
                         [("c", 20, [b'close",', b"2,x"])]], formats)
        self.assertEqual(plan[0][0].borrow_from, [(1, 0, 2), (2, 0, 1)])
        self.assertEqual(plan[1][0].skip, 2)
        self.assertEqual(plan[2][0].skip, 1)

    def test_csv_and_jsonl_segments_in_one_partition(self):
        formats = {"c": "csv", "j": "jsonl"}
        plan = plan_for([[("j", 0, [b"{}", b'{"a":"\""}']), ("c", 0, [b"id,text", b'1,"x'])], [("c", 50, [b'y",z'])]], formats)
        self.assertEqual(plan[0][1].borrow_from, [(1, 0, 1)])
        self.assertEqual(plan[0][0].borrow_from, [])
        heads = dict(rs.take_heads(1, [b'y",z'], plan[1], {(1, 0): 1}, 1 << 20))
        self.assertEqual(heads, {(1, 0): [b'y",z']})

    def test_take_heads_caps_the_bytes_it_collects(self):
        lines = [b"x" * 100] * 50
        heads = dict(rs.take_heads(0, lines, [rs.Segment(file="c", block=0, lines=50)], {(0, 0): 50}, 1000))
        self.assertLess(len(heads[(0, 0)]), 50)
        self.assertGreater(sum(len(l) + 1 for l in heads[(0, 0)]), 1000)


class SmallHelperTests(unittest.TestCase):
    def test_add_file_name_only_touches_error_records(self):
        self.assertEqual(rs.add_file_name(b'{"line":3,"error":"bad"}', "file:/a b.jsonl"),
                         b'{"file":"file:/a b.jsonl","line":3,"error":"bad"}')
        self.assertEqual(rs.add_file_name(b'{"id":"1"}', "x"), b'{"id":"1"}')

    def test_same_file_reads_spark_file_uris(self):
        with tempfile.TemporaryDirectory() as d:
            real = os.path.join(d, "real")
            os.mkdir(real)
            os.symlink(real, os.path.join(d, "link"))
            self.assertTrue(rs.same_file("file:" + real + "/", os.path.join(d, "link")))
            self.assertTrue(rs.same_file("file://" + real, real))
            self.assertFalse(rs.same_file("file:" + real, d))
            self.assertFalse(rs.same_file("hdfs://nn/x/real", real))

    def test_task_failure_finds_the_tasks_message(self):
        spark_text = ("An error occurred while calling o93.saveAsTextFile.\n: org.apache.spark.SparkException: Job aborted\n"
                      "  File \"rapport_spark.py\", line 9, in run_segment\n"
                      "RuntimeError: rapport classify exited with status 70 on f from line 1:\nrapport: simulated crash\n"
                      "\n\tat org.apache.spark.api.python.BasePythonRunner(PythonRunner.scala:1)\n")
        self.assertEqual(rs.task_failure(spark_text), "rapport classify exited with status 70 on f from line 1:\nrapport: simulated crash")
        self.assertEqual(rs.task_failure("something else"), "something else")

    def test_classify_options_pass_through(self):
        args = rs.parse_args(["--text-field", "body", "--keep-fields", "a,b", "--max-record-bytes", "2048", "in", "out"])
        self.assertEqual(rs.classify_options(args), ["--text-field", "body", "--keep-fields", "a,b", "--max-record-bytes", "2048"])

    def test_usage_errors(self):
        with self.assertRaises(SystemExit):
            rs.parse_args(["only-one-path"])
        with self.assertRaises(SystemExit):
            rs.parse_args(["--no-default-rules", "in", "out"])


@unittest.skipUnless(rapport_binary(), "no rapport binary (run scripts/spark-test.sh)")
class RunSegmentTests(unittest.TestCase):
    def run_segment(self, seg, rows, binary=None, packs=()):
        config = rs.ClassifyConfig(binary="rapport", rule_packs=[], jobs=1)
        return list(rs.run_segment(seg, iter(rows), config, binary or rapport_binary(), list(packs)))

    def test_piece_of_a_file_matches_the_whole_file_run(self):
        lines = [json.dumps({"text": f"where is my order number {i}?"}).encode() for i in range(30000)]
        lines[20005] = b'{"text": broken'
        lines[20010] = b""
        with tempfile.NamedTemporaryFile(suffix=".jsonl") as f:
            f.write(b"\n".join(lines) + b"\n")
            f.flush()
            whole = subprocess.run([rapport_binary(), "classify", "--quiet", f.name], capture_output=True).stdout.splitlines()
        seg = rs.Segment(file="f", block=0, lines=15000, first_line=15001)
        # 15,000 lines of answers (a few MB) through pipes: only concurrent reading keeps this from deadlocking.
        got = self.run_segment(seg, lines[15000:])
        self.assertEqual(got, whole[15000:])
        self.assertIn(b'{"line":20006,"error":', got[5005])

    def test_bad_exit_status_fails_with_stderr(self):
        with tempfile.TemporaryDirectory() as d:
            binary = fake_binary(d, "cat > /dev/null; echo 'rapport: something broke' >&2; exit 74\n")
            with self.assertRaises(RuntimeError) as caught:
                self.run_segment(rs.Segment(file="f", block=0, lines=2), [b"{}", b"{}"], binary)
            self.assertIn("status 74", str(caught.exception))
            self.assertIn("something broke", str(caught.exception))

    def test_fewer_answers_than_records_fail_the_task(self):
        with tempfile.TemporaryDirectory() as d:
            # Answers one record of two but its summary counts two: a record would be lost.
            script = ('out=""; while [ "$1" ]; do [ "$1" = --summary-json ] && out=$2; shift; done\n'
                      'cat > /dev/null; echo \'{"id":"1"}\'; echo \'{"records":2}\' > "$out"\n')
            binary = fake_binary(d, script)
            with self.assertRaises(RuntimeError) as caught:
                self.run_segment(rs.Segment(file="f", block=0, lines=2), [b"{}", b"{}"], binary)
            self.assertIn("read 2 records", str(caught.exception))

    def test_rapport_dying_early_does_not_hang_the_writer(self):
        with tempfile.TemporaryDirectory() as d:
            binary = fake_binary(d, "exit 3\n")
            with self.assertRaises(RuntimeError) as caught:
                self.run_segment(rs.Segment(file="f", block=0, lines=200000), [b"x" * 100] * 200000, binary)
            self.assertIn("status 3", str(caught.exception))

    def test_check_rules_accepts_a_layered_pack_and_rejects_a_broken_one(self):
        here = os.path.dirname(os.path.abspath(__file__))
        rs.check_rules(rapport_binary(), [os.path.join(here, "testdata/pack")], False)
        with self.assertRaises(rs.JobError) as caught:
            rs.check_rules(rapport_binary(), [os.path.join(here, "testdata/bad-pack")], False)
        self.assertEqual(caught.exception.code, rs.EXIT_RULES)


if __name__ == "__main__":
    unittest.main()
