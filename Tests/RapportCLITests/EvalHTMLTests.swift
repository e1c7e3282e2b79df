import Foundation
import Testing

/// `rapport eval --format html -o FILE`: one self-contained page, rendered by the binary, with
/// everything from the data escaped; when Debian's chromium is installed it must render it.
@Suite("rapport eval --format html")
struct EvalHTMLTests {
    @Test func aSelfContainedPageWithEscapedData() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("labelled.csv")
        let csv =
            "id,text,label\n"
            + "a1,\"thanks <script>alert(1)</script> for nothing\",complaint\n"
            + "a2,my screen arrived broken,complaint\n"
            + "a3,open today?,question\n"
            + "a4,\"did anyone \u{202E}watch\u{202C} the game? \"\"quoted\"\" & more\",other\n"
            + "\"<b>a5</b>\",no rule here,complaint\n"
        try Data(csv.utf8).write(to: data)
        let page = dir.appendingPathComponent("report.html")
        let run = try CLI.run(["eval", data.path, "--no-default-rules", "--rules", "fixtures/eval/pack.yaml", "--format", "html", "-o", page.path])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.isEmpty, "the page goes to -o, not stdout")
        let html = try String(contentsOf: page, encoding: .utf8)

        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        // Self-contained: no script, nothing fetched (the SVG namespace is a name, not a fetch).
        let lowered = html.lowercased()
        for forbidden in ["<script", "src=", "href=", "url(", "@import", "<link", "@font-face"] {
            #expect(!lowered.contains(forbidden), "the page contains \(forbidden)")
        }
        #expect(lowered.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http") == false)

        // The data is escaped and bidi controls are gone.
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("id <b>&lt;b&gt;a5&lt;/b&gt;</b>"))
        #expect(html.contains("&quot;quoted&quot; &amp; more"))
        #expect(!html.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x202C })

        // The parts: headline, the heat map with each label, the chart with one point per labelled
        // rule that fired (question.mark, complaint.product, praise.thanks), the errors with spans.
        #expect(html.contains("<div class=\"v\">"))
        #expect(html.contains("<table class=\"heat\">"))
        for label in ["question", "complaint", "praise", "other"] { #expect(html.contains("<th>\(label)</th>")) }
        #expect(html.components(separatedBy: "<svg ").count == 2)
        #expect(html.components(separatedBy: "<circle ").count - 1 == 3)
        #expect(html.contains("<title>praise.thanks: 1 hits, precision 0.000, 1 in errors</title>"))
        #expect(html.contains("<mark class=\"cause\" title=\"praise.thanks\">thanks</mark> &lt;script&gt;"))
        #expect(html.contains("Worst false negatives"))

        guard
            let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            print("EvalHTMLTests: chromium is not installed; the page was not rendered in a browser (apt-get install chromium)")
            return
        }
        let png = dir.appendingPathComponent("report.png")
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: chromium)
        browser.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
            "--screenshot=\(png.path)", "--window-size=1280,1600", page.absoluteString,
        ]
        browser.standardOutput = FileHandle.nullDevice
        browser.standardError = FileHandle.nullDevice
        try browser.run()
        browser.waitUntilExit()
        #expect(browser.terminationStatus == 0)
        let image = try Data(contentsOf: png)
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        #expect(image.count > 10_000, "more than an empty page")
    }
}
