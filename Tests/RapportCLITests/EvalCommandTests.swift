import Foundation
import Testing

/// `rapport eval` run as a real process on a small labelled file written for these tests
/// (`fixtures/eval/labelled.csv`) with a small pack (`fixtures/eval/pack.yaml`), so every figure
/// below can be checked by hand:
///
/// | row | gold      | fired                         | predicted |
/// |-----|-----------|-------------------------------|-----------|
/// | r1  | complaint | complaint.product             | complaint |
/// | r2  | complaint | complaint.product             | complaint |
/// | r3  | question  | question.mark                 | question  |
/// | r4  | praise    | praise.thanks                 | praise    |
/// | r5  | complaint | complaint.product, question.mark (tie: precedence) | complaint |
/// | r6  | complaint | none                          | other     |
/// | r7  | question  | question.mark                 | question  |
/// | r8  | other     | none                          | other     |
/// | r9  | complaint | praise.thanks                 | praise    |
/// | r10 | other     | question.mark                 | question  |
/// | r11 | Other     | escalate.legal (no label)     | other     |
///
/// question P 2/3 R 2/2; complaint P 3/3 R 3/5; praise P 1/2 R 1/1; other P 2/3 R 2/3;
/// F1 0.8, 0.75, 2/3, 2/3 → macro-F1 0.7208; accuracy 8/11.
/// With `--labels complaint`: complaint as before (F1 0.75); other P 6/8 R 6/6, F1 6/7 →
/// macro-F1 0.8036; accuracy 9/11.
@Suite("rapport eval")
struct EvalCommandTests {
    static let base = [
        "eval", "fixtures/eval/labelled.csv", "--text-field", "comment", "--label-field", "gold", "--id-field", "ref",
        "--no-default-rules", "--rules", "fixtures/eval/pack.yaml",
    ]

    @Test func theTextReportHasEveryFigure() throws {
        let run = try CLI.run(Self.base)
        #expect(run.status == 0)
        #expect(run.err == "")
        #expect(
            run.out == """
                fixtures/eval/labelled.csv: 11 records, pack eval-fixture

                label      precision  recall     F1  support
                question       0.667   1.000  0.800        2
                complaint      1.000   0.600  0.750        5
                praise         0.500   1.000  0.667        1
                other          0.667   0.667  0.667        3

                macro-F1 0.721   accuracy 0.727 (8 of 11)

                confusion matrix (rows: people's label, columns: predicted)
                           question  complaint  praise  other
                question          2          0       0      0
                complaint         0          3       1      1
                praise            0          0       1      0
                other             1          0       0      2

                rules that fired: 4 of 5 (precision: share of hits people gave the rule's label)
                rule               label      hits  precision  in errors
                question.mark      question      4      0.500          1
                complaint.product  complaint     3      1.000          0
                praise.thanks      praise        2      0.500          1
                escalate.legal     -             1          -          0

                never fired (1): praise.recommend

                worst false positives (a label predicted wrongly, most confident first)
                  line 10 (id r9): complaint → praise, score 1, caused by praise.thanks
                    "thanks for nothing"
                  line 11 (id r10): other → question, score 1, caused by question.mark
                    "did anyone watch the game?"

                worst false negatives (people's label missed)
                  line 10 (id r9): complaint → praise, score 1, caused by praise.thanks
                    "thanks for nothing"
                  line 7 (id r6): complaint → other, no rule fired
                    "the app keeps crashing"

                """)
    }

    @Test func jsonCarriesTheSameFigures() throws {
        let run = try CLI.run(Self.base + ["--format", "json"])
        #expect(run.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        #expect(report["records"] as? Int == 11)
        #expect(abs((report["macroF1"] as? Double ?? 0) - (0.8 + 0.75 + 2.0 / 3 + 2.0 / 3) / 4) < 1e-9)
        #expect(abs((report["accuracy"] as? Double ?? 0) - 8.0 / 11) < 1e-9)
        #expect(report["labels"] as? [String] == ["question", "complaint", "praise", "other"])
        let perLabel = try #require(report["perLabel"] as? [[String: Any]])
        let complaint = try #require(perLabel.first { $0["label"] as? String == "complaint" })
        #expect(complaint["truePositives"] as? Int == 3 && complaint["falseNegatives"] as? Int == 2 && complaint["falsePositives"] as? Int == 0)
        #expect(abs((complaint["recall"] as? Double ?? 0) - 0.6) < 1e-9)
        let confusion = try #require(report["confusion"] as? [String: Any])
        #expect(confusion["counts"] as? [[Int]] == [[2, 0, 0, 0], [0, 3, 1, 1], [0, 0, 1, 0], [1, 0, 0, 2]])
        #expect(report["neverFired"] as? [String] == ["praise.recommend"])
        let negatives = try #require(report["worstFalseNegatives"] as? [[String: Any]])
        #expect(negatives.map { $0["id"] as? String } == ["r9", "r6"])
    }

    @Test func labelsCollapsesEverythingElseToOther() throws {
        let run = try CLI.run(Self.base + ["--labels", "complaint", "--format", "json"])
        #expect(run.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        #expect(report["labels"] as? [String] == ["complaint", "other"])
        #expect(abs((report["macroF1"] as? Double ?? 0) - (0.75 + 6.0 / 7) / 2) < 1e-9)
        #expect(abs((report["accuracy"] as? Double ?? 0) - 9.0 / 11) < 1e-9)
        // The same comparison written as --map.
        let mapped = try CLI.run(Self.base + ["--map", "question=other", "--map", "praise=other", "--format", "json"])
        let again = try #require(try JSONSerialization.jsonObject(with: mapped.stdout) as? [String: Any])
        #expect(again["macroF1"] as? Double == report["macroF1"] as? Double)
        #expect(again["confusion"] as? [String: AnyHashable] == report["confusion"] as? [String: AnyHashable])
    }

    @Test func gatesExitOneBelowTheirMinimum() throws {
        let pass = try CLI.run(Self.base + ["--min-macro-f1", "0.72", "--min-f1", "complaint=0.75", "--format", "json"])
        #expect(pass.status == 0)
        #expect(pass.err == "")
        let fail = try CLI.run(Self.base + ["--min-macro-f1", "0.73", "--min-f1", "praise=0.7", "--format", "json"])
        #expect(fail.status == 1)
        #expect(fail.err == "rapport: macro-F1 0.721 is below --min-macro-f1 0.73\nrapport: praise F1 0.667 is below --min-f1 praise=0.7\n")
        #expect(!fail.out.isEmpty, "the report is still written")
        let unknown = try CLI.run(Self.base + ["--min-f1", "complaints=0.1", "--format", "json"])
        #expect(unknown.status == 1)
        #expect(unknown.err == "rapport: --min-f1 complaints=0.1: 'complaints' is not a compared label (question, complaint, praise, other)\n")
    }

    @Test func unreadableRecordsAreNamedAndCountedOut() throws {
        let run = try CLI.run([
            "eval", "--data", "fixtures/eval/unreadable-rows.csv", "--no-default-rules", "--rules", "fixtures/eval/pack.yaml",
            "--format", "json",
        ])
        #expect(run.status == 65)
        #expect(
            run.err == """
                rapport: fixtures/eval/unreadable-rows.csv:3: no 'label' field, or it is empty; the record is left out of the figures
                rapport: fixtures/eval/unreadable-rows.csv:5: the row has more than 3 fields, the header has 3; the record is left out of the figures
                rapport: 2 records of fixtures/eval/unreadable-rows.csv could not be read

                """)
        let report = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        #expect(report["records"] as? Int == 2)
        #expect((report["problems"] as? [[String: Any]])?.map { $0["line"] as? Int } == [3, 5])
    }

    @Test func aMissingColumnIsADataError() throws {
        let run = try CLI.run(["eval", "fixtures/eval/labelled.csv", "--no-default-rules", "--rules", "fixtures/eval/pack.yaml"])
        #expect(run.status == 65)
        #expect(run.err == "rapport: fixtures/eval/labelled.csv: line 1: no 'label' column in the header (columns: ref, comment, gold)\n")
        let noText = try CLI.run([
            "eval", "fixtures/eval/labelled.csv", "--text-field", "body", "--label-field", "gold",
            "--no-default-rules", "--rules", "fixtures/eval/pack.yaml",
        ])
        #expect(noText.status == 65)
        #expect(noText.err == "rapport: fixtures/eval/labelled.csv: line 1: the header has no column 'body' (columns: ref, comment, gold)\n")
        #expect(run.out == "")
    }

    /// Issue 15, defect 12: labels, ids and comment text reach the terminal without escape sequences,
    /// control characters or bidi overrides (the text report and the messages on stderr).
    @Test func inputDerivedTextIsSanitised() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("hostile.csv")
        let csv =
            "id,text,label\n"
            + "\"\u{1B}[2Jr1\",\"my screen arrived broken \u{1B}]0;owned\u{07}\u{202E}gnp.exe\",\"other\u{1B}[31m\"\n"
            + "r2,\"thanks \u{9B}31m\u{202E}kcab\",\"complaint\u{202E}\"\n"
            + "r3,ok,\n"
        try Data(csv.utf8).write(to: file)
        let run = try CLI.run(["eval", file.path, "--no-default-rules", "--rules", "fixtures/eval/pack.yaml", "--min-f1", "question=0.5"])
        #expect(run.status == 65)
        for (name, text) in [("stdout", run.out), ("stderr", run.err)] {
            let unsafe = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E }
            #expect(unsafe.isEmpty, "\(name) carries \(unsafe.map { String($0.value, radix: 16) })")
        }
        #expect(run.out.contains("(id r1): other → complaint"))
        #expect(run.out.contains("\"my screen arrived broken gnp.exe\""))
        #expect(run.out.contains("complaint → praise"))
        #expect(run.err.contains("'question' is not a compared label ("))
    }

    @Test func aMissingFileExits66() throws {
        let run = try CLI.run(["eval", "fixtures/eval/no-such-file.csv"])
        #expect(run.status == 66)
        #expect(run.err == "rapport: fixtures/eval/no-such-file.csv: cannot read the file\n")
    }

    @Test(arguments: [
        (["eval"], "give the labelled data file"),
        (["eval", "a.csv", "--data", "b.csv"], "not both"),
        (["eval", "a.csv", "--map", "question"], "invalid label mapping 'question'"),
        (["eval", "a.csv", "--min-f1", "complaint"], "--min-f1 'complaint'"),
        (["eval", "a.csv", "--min-macro-f1", "2"], "between 0 and 1"),
    ])
    func usageErrorsExit64(args: [String], message: String) throws {
        let run = try CLI.run(args)
        #expect(run.status == 64)
        #expect(run.err.contains(message))
    }
}

/// `rapport eval --compare`: `fixtures/eval/pack-changed.yaml` is `pack.yaml` with two complaint
/// rules added ("keeps crashing" fixes r6, "thanks for nothing" at weight 2 fixes r9) and
/// `question.mark` weighted 0.5, below the threshold: r10 ("did anyone watch the game?", other) is
/// fixed, r3 and r7 (questions) are broken. After: question P 0 R 0; complaint 5/5; praise 1/1;
/// other P 3/5 R 3/3 (F1 0.75): macro-F1 0.6875, accuracy 9/11.
@Suite("rapport eval --compare")
struct EvalCompareTests {
    static let base = EvalCommandTests.base + ["--compare", "fixtures/eval/pack-changed.yaml"]

    @Test func fixedAndBrokenRecordsWithTheirRules() throws {
        let run = try CLI.run(Self.base)
        #expect(run.status == 0)
        #expect(
            run.out.contains(
                """
                label      P before  P after  R before  R after  F1 before  F1 after  F1 change
                question      0.667    0.000     1.000    0.000      0.800     0.000     -0.800
                complaint     1.000    1.000     0.600    1.000      0.750     1.000     +0.250
                praise        0.500    1.000     1.000    1.000      0.667     1.000     +0.333
                other         0.667    0.600     0.667    1.000      0.667     0.750     +0.083

                macro-F1 0.721 → 0.688 (-0.033)   accuracy 0.727 → 0.818 (+0.091)

                fixed (wrong before, right after): 3 records
                  line 7 (id r6): people complaint; other → complaint; now decided by complaint.crash; newly fires complaint.crash
                    "the app keeps crashing"
                  line 10 (id r9): people complaint; praise → complaint; now decided by complaint.nothing; newly fires complaint.nothing
                    "thanks for nothing"
                  line 11 (id r10): people other; question → other; the same rules fire (question.mark): their weights or the threshold changed
                    "did anyone watch the game?"

                broken (right before, wrong after): 2 records
                """))
        #expect(run.out.contains("line 4 (id r3): people question; question → other"))
        #expect(run.out.hasSuffix("still wrong, with another label: 0 records\n"))
    }

    @Test func jsonHasBothReportsAndTheGatesJudgeTheComparedPack() throws {
        let run = try CLI.run(Self.base + ["--format", "json", "--min-macro-f1", "0.7"])
        #expect(run.status == 1, "0.6875 after is below 0.7 (0.721 before would pass)")
        #expect(run.err == "rapport: macro-F1 0.688 is below --min-macro-f1 0.7\n")
        let doc = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        let after = try #require(doc["after"] as? [String: Any])
        #expect(abs((after["macroF1"] as? Double ?? 0) - 0.6875) < 1e-9)
        #expect(abs(((doc["before"] as? [String: Any])?["accuracy"] as? Double ?? 0) - 8.0 / 11) < 1e-9)
        let comparison = try #require(doc["comparison"] as? [String: Any])
        #expect((comparison["fixed"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["r6", "r9", "r10"])
        #expect((comparison["broken"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["r3", "r7"])
        let question = try #require((comparison["labels"] as? [[String: Any]])?.first { $0["label"] as? String == "question" })
        #expect(abs((question["f1Change"] as? Double ?? 0) + 0.8) < 1e-9)
        #expect(try CLI.run(Self.base + ["--format", "html"]).status == 64)
    }
}
