import HTTPTypes
import Hummingbird

/// The playground (`GET /` with `--playground`): one page, served from the binary with its CSS and
/// script inline and nothing loaded from the network, where a rule author edits a layer over the
/// default pack and sees, as they type, its lint diagnostics at their lines and the verdict of each
/// comment (label, scores, escalation, replies, matched spans), with the explanation of a clicked
/// comment. It calls `POST /v1/try`, which never changes the service's packs.
enum Playground {
    static func response() -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8",
                // Inline style and script only; fetches go to this server only.
                .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src data:",
                .cacheControl: "no-store",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }

    static let page = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Rapport playground</title>
        <style>
        :root { --ink:#1d2430; --muted:#5b6575; --line:#d8dde6; --bg:#f5f7fa; --card:#fff; --err:#c62828; --errbg:#fdecea; --warn:#a15c00; --warnbg:#fff4e0;
                --complaint:#c0392b; --question:#1f6fb2; --praise:#23854a; --other:#6b7280; --mark:#ffe58a; }
        * { box-sizing: border-box; }
        body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color:var(--ink); background:var(--bg); }
        header { padding:12px 20px; background:#1d2430; color:#fff; display:flex; gap:16px; align-items:baseline; flex-wrap:wrap; }
        header h1 { font-size:18px; margin:0; }
        header p { margin:0; color:#c9d1dc; font-size:14px; }
        #token-box { display:none; margin-left:auto; }
        #token-box input { font:inherit; padding:2px 6px; }
        main { display:grid; grid-template-columns:minmax(0, 1.15fr) minmax(0, 1fr); gap:20px; padding:16px 20px; align-items:start; }
        @media (max-width: 900px) { main { grid-template-columns:1fr; } }
        h2 { font-size:16px; margin:0 0 4px; }
        h2 button { float:right; font:inherit; font-size:12px; font-weight:normal; padding:2px 8px; cursor:pointer; }
        h2 small, .help { font-weight:normal; color:var(--muted); font-size:13px; }
        .help { margin:0 0 8px; }
        section > .pane { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px; margin-bottom:16px; }
        .editor { display:flex; border:1px solid var(--line); border-radius:6px; background:#fbfcfe; overflow:hidden; }
        .gutter { flex:none; padding:8px 0; background:#eef1f5; color:#8a94a3; text-align:right; user-select:none;
                  font:13px/20px ui-monospace, "DejaVu Sans Mono", Menlo, monospace; min-width:44px; }
        .gutter div { padding:0 8px 0 4px; height:20px; }
        .gutter div.err { background:var(--err); color:#fff; font-weight:bold; }
        .gutter div.warn { background:#e8a33d; color:#fff; }
        .code { position:relative; flex:1; min-width:0; overflow-x:auto; overflow-y:hidden; }
        .code pre, .code textarea { margin:0; padding:8px; font:13px/20px ui-monospace, "DejaVu Sans Mono", Menlo, monospace; white-space:pre; tab-size:2;
                  border:0; min-width:100%; }
        .code pre { position:absolute; inset:0 auto auto 0; color:transparent; pointer-events:none; }
        .code pre div { height:20px; }
        .code pre div.err { background:var(--errbg); }
        .code pre div.warn { background:var(--warnbg); }
        .code pre span.at { text-decoration:underline wavy var(--err); text-decoration-skip-ink:none; }
        .code pre div.warn span.at { text-decoration-color:var(--warn); }
        .code textarea { position:relative; display:block; width:100%; resize:none; background:transparent; color:var(--ink); outline:none; overflow:hidden; caret-color:#000; }
        .note { position:absolute; right:6px; max-width:60%; height:20px; padding:0 8px; border-radius:4px; font-size:12px; line-height:20px;
                white-space:nowrap; overflow:hidden; text-overflow:ellipsis; background:var(--err); color:#fff; pointer-events:none; }
        .note.over { opacity:.8; max-width:45%; }
        .note.warn { background:#b86e00; }
        #problems { margin-top:8px; font-size:14px; }
        #problems .ok { color:var(--praise); }
        .diag { display:block; width:100%; text-align:left; border:0; border-left:4px solid var(--err); background:var(--errbg); padding:6px 10px; margin:4px 0;
                border-radius:4px; font:inherit; cursor:pointer; color:var(--ink); }
        .diag.warn { border-color:#e8a33d; background:var(--warnbg); }
        .diag b { margin-right:6px; }
        .diag .hint { display:block; color:var(--muted); font-size:13px; }
        textarea#comments { width:100%; min-height:120px; font:inherit; line-height:1.5; padding:8px; border:1px solid var(--line); border-radius:6px; resize:vertical; }
        #status { font-size:14px; margin:4px 0 10px; padding:6px 10px; border-radius:4px; background:#eef1f5; color:var(--muted); }
        #status.warn { background:var(--warnbg); color:#6b3d00; }
        #status.fail { background:var(--errbg); color:var(--err); }
        .card { border:1px solid var(--line); border-left:6px solid var(--other); border-radius:6px; padding:10px 12px; margin-bottom:10px; background:#fff; cursor:pointer; }
        .card:hover { box-shadow:0 1px 4px rgba(0,0,0,.12); }
        .card.complaint { border-left-color:var(--complaint); } .card.question { border-left-color:var(--question); } .card.praise { border-left-color:var(--praise); }
        .card .head { display:flex; flex-wrap:wrap; gap:8px; align-items:center; }
        .label { font-weight:600; padding:1px 10px; border-radius:12px; color:#fff; background:var(--other); font-size:14px; }
        .label.complaint { background:var(--complaint); } .label.question { background:var(--question); } .label.praise { background:var(--praise); }
        .meaning { color:var(--muted); font-size:13px; }
        .esc { font-size:13px; font-weight:600; padding:1px 8px; border-radius:12px; background:#fde2e1; color:#8e1c16; }
        .esc.medium, .esc.low { background:#fff0d6; color:#6b3d00; }
        .text { margin:8px 0 6px; font-size:15px; white-space:pre-wrap; overflow-wrap:anywhere; }
        mark { background:var(--mark); border-bottom:2px solid #d4a200; padding:0 1px; border-radius:2px; }
        .scores { display:flex; gap:14px; flex-wrap:wrap; font-size:13px; color:var(--muted); }
        .bar { display:inline-block; height:8px; background:#c7cedb; border-radius:4px; margin-left:4px; vertical-align:middle; }
        .bar.complaint { background:var(--complaint); } .bar.question { background:var(--question); } .bar.praise { background:var(--praise); }
        .rules, .replies { font-size:13px; margin-top:6px; }
        .rules code { background:#eef1f5; padding:0 4px; border-radius:3px; }
        .rules code.yours { background:#dff3e6; border:1px solid #9fd3b1; }
        .replies ol { margin:2px 0 0; padding-left:20px; }
        .why { margin-top:8px; border-top:1px dashed var(--line); padding-top:8px; font-size:13px; }
        .why table { border-collapse:collapse; margin:4px 0 8px; }
        .why td, .why th { text-align:left; padding:2px 10px 2px 0; vertical-align:top; }
        .why th { color:var(--muted); font-weight:600; }
        .why .no { color:var(--muted); }
        .more { font-size:12px; color:var(--question); }
        </style>
        </head>
        <body>
        <header>
          <h1>Rapport playground</h1>
          <p>Write rules, paste comments, and see how they are labelled as you type. Nothing here changes the server's rules.</p>
          <label id="token-box">This server needs its access token: <input id="token" type="password" autocomplete="off"></label>
        </header>
        <main>
        <section>
          <div class="pane">
            <h2>1. Your rules <small>(added on top of the built-in rules)</small>
              <button id="reset" type="button" title="Put the example rules and comments back">Start again from the example</button></h2>
            <p class="help">Each rule gives a label (<b>complaint</b>, <b>question</b> or <b>praise</b>) a score when one of its
              <code>match</code> patterns is found in a comment. Problems are marked at their line.</p>
            <div class="editor">
              <div class="gutter" id="gutter"></div>
              <div class="code" id="code">
                <pre id="mirror" aria-hidden="true"></pre>
                <textarea id="layer" spellcheck="false" wrap="off" autocapitalize="off" autocomplete="off" aria-label="Your rules (YAML)"></textarea>
                <div id="notes"></div>
              </div>
            </div>
            <div id="problems" aria-live="polite"></div>
          </div>
        </section>
        <section>
          <div class="pane">
            <h2>2. Comments <small>(one per line)</small></h2>
            <textarea id="comments" spellcheck="false" aria-label="Comments, one per line"></textarea>
          </div>
          <div class="pane">
            <h2>3. Results <small>(click a comment to see why it got its label)</small></h2>
            <div id="status" aria-live="polite">Starting…</div>
            <div id="results"></div>
          </div>
        </section>
        </main>
        <script>
        "use strict";
        const EXAMPLE_LAYER = `rapport: 1
        # Your rules, on top of the built-in ones. Change a pattern
        # and watch the results on the right.
        lists:
          drain: [drain, drains, draining, eats, kills]
        rules:
          - id: complaint.battery
            label: complaint      # complaint, question or praise
            weight: 2             # what a match adds; 1 is enough for a label
            # match: words to find. [a|b] is a or b, <drain> any word
            # of the list, {0,3} up to 3 other words in between.
            match:
              - "battery [hog|killer]"
              - "<drain> {0,3} battery"
            reply:
              - "Sorry about the battery drain, {author|there}. Which phone are you on?"
            examples:
              fire: ["this app is a battery hog"]
              quiet: ["battery life on my phone is great"]
        `;
        const EXAMPLE_COMMENTS = [
          "your app is a battery hog",
          "the update drains my battery in an hour, not ok",
          "I'm cancelling my subscription, you charged me twice again",
          "how do I get a student discount?",
          "love the new design, so clean",
        ].join("\n");
        const LABELS = {
          complaint: ["Complaint", "unhappy about something"],
          question: ["Question", "asks for something"],
          praise: ["Praise", "happy or thankful"],
          other: ["No label", "no rule scored enough"],
        };
        const LEVELS = { critical: "Urgent: hand to a person now", high: "High priority", medium: "Needs attention", low: "Worth a look" };
        const STATUS_WORDS = {
          counted: "counted",
          negated: "not counted: a negation comes before it",
          "silenced-by-unless": "not counted: one of the rule's 'unless' patterns matched",
          unless: "an 'unless' pattern",
        };
        const $ = (id) => document.getElementById(id);
        const layer = $("layer"), comments = $("comments");
        let explainIndex = null, sequence = 0, timer = null, controller = null, last = null;

        function el(tag, attrs, ...children) {
          const node = document.createElement(tag);
          for (const [key, value] of Object.entries(attrs || {})) {
            if (key === "class") node.className = value; else if (key.startsWith("data-")) node.setAttribute(key, value); else node[key] = value;
          }
          for (const child of children) if (child !== null && child !== undefined) node.append(child);
          return node;
        }

        // The editor: a textarea over a mirror that marks the lines with problems, a gutter of line numbers,
        // and each problem's message at the right of its line.
        function lines() { return layer.value.split("\n"); }
        let measured = 0;
        function charWidth() {
          if (!measured) {
            const probe = el("span", {}, "0".repeat(40));
            $("mirror").append(probe);
            measured = probe.getBoundingClientRect().width / 40 || 8;
            probe.remove();
          }
          return measured;
        }
        function sizeEditor() {
          const count = Math.max(lines().length, 18);
          layer.style.height = (count * 20 + 16) + "px";
          comments.style.height = "auto";
          comments.style.height = Math.max(120, comments.scrollHeight + 4) + "px";
        }
        function paintEditor(diagnostics) {
          const byLine = new Map();
          for (const d of diagnostics) { if (!byLine.has(d.line)) byLine.set(d.line, []); byLine.get(d.line).push(d); }
          const gutter = $("gutter"), mirror = $("mirror"), notes = $("notes");
          gutter.replaceChildren(); mirror.replaceChildren(); notes.replaceChildren();
          lines().forEach((text, i) => {
            const found = byLine.get(i + 1) || [];
            const kind = found.some((d) => d.severity === "error") ? "err" : found.length ? "warn" : "";
            gutter.append(el("div", { class: kind, title: found.map((d) => d.message).join("\n") }, String(i + 1)));
            const row = el("div", { class: kind });
            if (found.length) {
              const at = Math.max(0, Math.min(text.length, found[0].column - 1));
              let end = at; while (end < text.length && !/[\s,\]]/.test(text[end])) end++;
              if (end === at) end = Math.min(text.length, at + 1);
              row.append(text.slice(0, at), el("span", { class: "at" }, text.slice(at, end) || " "), text.slice(end) + " ");
              const first = found[0];
              const note = el("div", { class: "note" + (kind === "warn" ? " warn" : ""), title: first.message, "data-line": String(i + 1) },
                (kind === "err" ? "✖ " : "⚠ ") + first.message + (found.length > 1 ? ` (+${found.length - 1} more)` : ""));
              note.style.top = (8 + i * 20) + "px";
              // Beside the end of the line's text, so it never hides what was typed; a line too long for
              // that gets the message at the right edge, and the full text is in the list under the editor.
              const after = 8 + (text.length + 3) * charWidth();
              if (after + 180 <= $("code").clientWidth) { note.style.left = after + "px"; note.style.right = "auto"; note.style.maxWidth = ($("code").clientWidth - after - 8) + "px"; }
              else note.classList.add("over");
              notes.append(note);
            } else {
              row.append(text + " ");
            }
            mirror.append(row);
          });
          const problems = $("problems");
          problems.replaceChildren();
          if (!diagnostics.length) { problems.append(el("span", { class: "ok" }, "✔ No problems in your rules.")); return; }
          if (!diagnostics.some((d) => d.severity === "error")) {
            problems.append(el("span", { class: "ok" }, "✔ No errors: your rules are in use. The notes below are suggestions."));
          }
          for (const d of diagnostics) {
            const button = el("button", { class: "diag" + (d.severity === "error" ? "" : " warn"), type: "button", "data-line": String(d.line) },
              el("b", {}, `Line ${d.line}, column ${d.column}:`), d.message,
              d.hint ? el("span", { class: "hint" }, "Tip: " + d.hint) : null);
            button.addEventListener("click", () => jumpTo(d.line, d.column));
            problems.append(button);
          }
        }
        function jumpTo(line, column) {
          const all = lines();
          let offset = 0;
          for (let i = 0; i < line - 1 && i < all.length; i++) offset += all[i].length + 1;
          offset += Math.max(0, column - 1);
          layer.focus();
          layer.setSelectionRange(offset, offset);
        }

        // A comment's text with the matched spans marked (offsets count Unicode scalars, as Array.from does).
        function markedText(text, spans) {
          const chars = Array.from(text);
          const cover = chars.map(() => []);
          for (const span of spans) for (let i = span.start; i < span.end && i < chars.length; i++) cover[i].push(span.rule);
          const node = el("div", { class: "text" });
          let i = 0;
          while (i < chars.length) {
            const key = cover[i].join(" ");
            let j = i + 1;
            while (j < chars.length && cover[j].join(" ") === key) j++;
            const piece = chars.slice(i, j).join("");
            node.append(key ? el("mark", { title: "matched by " + [...new Set(cover[i])].join(", "), "data-rules": key }, piece) : piece);
            i = j;
          }
          return node;
        }

        function ownRuleIDs() {
          return new Set([...layer.value.matchAll(/^\s*-?\s*id:\s*["']?([^\s"'#]+)/gm)].map((m) => m[1]));
        }

        function card(verdict, index, explanation) {
          const text = commentLines()[index] ?? "";
          if (verdict.error) return el("div", { class: "card" }, el("b", {}, "This comment could not be read: "), verdict.error);
          const [word, meaning] = LABELS[verdict.label] || [verdict.label, ""];
          const head = el("div", { class: "head" }, el("span", { class: "label " + verdict.label }, word), el("span", { class: "meaning" }, meaning));
          if (verdict.escalation) {
            const e = verdict.escalation;
            head.append(el("span", { class: "esc " + e.level, title: (e.reasons || []).join("; ") },
              `${LEVELS[e.level] || e.level} · ${e.route}${e.reasons && e.reasons.length ? " · " + e.reasons.join("; ") : ""}`));
          }
          const scores = el("div", { class: "scores", title: "Each label's score: the weights of its rules that matched" });
          const top = Math.max(1, ...Object.values(verdict.scores));
          for (const [label, score] of Object.entries(verdict.scores)) {
            const bar = el("span", { class: "bar " + label }); bar.style.width = Math.round(40 * score / top) + "px";
            scores.append(el("span", {}, `${label} ${score}`, bar));
          }
          const mine = ownRuleIDs();
          const rules = el("div", { class: "rules" }, verdict.rules.length ? "Rules that matched: " : "No rule matched.");
          verdict.rules.forEach((id, k) => {
            if (k) rules.append(" ");
            rules.append(el("code", { class: mine.has(id) ? "yours" : "", title: mine.has(id) ? "one of your rules" : "a built-in rule" }, id + (mine.has(id) ? " (yours)" : "")));
          });
          // The first reply is what would be sent; the others are shown with the explanation.
          const replies = verdict.suggestions.length
            ? el("div", { class: "replies" }, el("b", {}, "Suggested reply: "), verdict.suggestions[0],
                explanation && verdict.suggestions.length > 1 ? el("div", {}, "Other replies:", el("ol", {}, ...verdict.suggestions.slice(1).map((s) => el("li", {}, s)))) : null)
            : null;
          const node = el("div", { class: "card " + verdict.label, "data-index": String(index), "data-label": verdict.label, tabIndex: 0 },
            head, markedText(text, verdict.spans), scores, rules, replies,
            explanation ? why(explanation) : el("div", { class: "more" }, "Click to see why ▸"));
          const open = () => { explainIndex = explainIndex === index ? null : index; schedule(0); };
          node.addEventListener("click", (event) => { if (!window.getSelection().toString()) open(); });
          node.addEventListener("keydown", (event) => { if (event.key === "Enter") open(); });
          return node;
        }

        function why(x) {
          const box = el("div", { class: "why", "data-explained": "true" }, el("div", {}, el("b", {}, "Decision: "), x.decision.reason + "."));
          if (x.contributions.length) {
            const table = el("table", {}, el("tr", {}, el("th", {}, "rule"), el("th", {}, "adds to"), el("th", {}, "weight")));
            for (const c of x.contributions) table.append(el("tr", {}, el("td", {}, c.rule), el("td", {}, c.label), el("td", {}, String(c.weight))));
            box.append(el("div", {}, el("b", {}, "Scores come from:")), table);
          }
          if (x.hits.length) {
            const table = el("table", {}, el("tr", {}, el("th", {}, "found"), el("th", {}, "pattern"), el("th", {}, "rule"), el("th", {}, "")));
            for (const h of x.hits) {
              table.append(el("tr", {}, el("td", {}, "“" + h.text + "”"), el("td", {}, el("code", {}, h.pattern)), el("td", {}, h.rule),
                el("td", { class: h.status === "counted" ? "" : "no" }, (STATUS_WORDS[h.status] || h.status) + (h.note ? ` (${h.note})` : ""))));
            }
            box.append(el("div", {}, el("b", {}, "Patterns found in the text:")), table);
          } else {
            box.append(el("div", { class: "no" }, "No pattern of any rule was found in this comment."));
          }
          if (x.conditions.length) {
            const table = el("table", {}, el("tr", {}, el("th", {}, "rule"), el("th", {}, "condition"), el("th", {}, "")));
            for (const c of x.conditions) table.append(el("tr", {}, el("td", {}, c.rule), el("td", {}, el("code", {}, c.condition)), el("td", {}, c.result ? "met" : "not met")));
            box.append(el("div", {}, el("b", {}, "Conditions checked:")), table);
          }
          box.append(el("div", { class: "more" }, "Click again to close ▴"));
          return box;
        }

        function commentLines() { return comments.value.split("\n").map((s) => s.replace(/\r$/, "")); }

        function render(answer) {
          last = answer;
          paintEditor(answer.diagnostics);
          const status = $("status");
          const count = answer.verdicts.length;
          if (!answer.ok) {
            const first = answer.diagnostics.find((d) => d.severity === "error");
            status.className = "warn";
            status.textContent = `Your rules have ${answer.errors} problem${answer.errors === 1 ? "" : "s"} to fix (first at line ${first ? first.line : "?"}), so these results use only the built-in rules.`;
          } else {
            status.className = "";
            status.textContent = answer.used === "layer"
              ? `${count} comment${count === 1 ? "" : "s"} labelled with the built-in rules plus yours.`
              : `${count} comment${count === 1 ? "" : "s"} labelled with the built-in rules (you have not written any rule yet).`;
          }
          status.dataset.state = "ready";
          const results = $("results");
          results.replaceChildren();
          const texts = commentLines();
          let shown = 0;
          answer.verdicts.forEach((verdict, index) => {
            if (!texts[index] || !texts[index].trim()) return;
            results.append(card(verdict, index, index === explainIndex ? answer.explanation : null));
            shown++;
          });
          if (!shown) results.append(el("p", { class: "meaning" }, "Type or paste comments in box 2, one per line."));
        }

        function schedule(delay) {
          clearTimeout(timer);
          $("status").dataset.state = "pending";
          timer = setTimeout(run, delay);
        }

        async function run() {
          const mine = ++sequence;
          if (controller) controller.abort();
          controller = new AbortController();
          const texts = commentLines();
          const body = { layer: layer.value, comments: texts };
          if (explainIndex !== null && explainIndex < texts.length) body.explain = explainIndex;
          const headers = { "Content-Type": "application/json" };
          const token = $("token").value || sessionStorage.getItem("rapport-token");
          if (token) headers.Authorization = "Bearer " + token;
          $("status").textContent = "Checking…";
          try {
            const response = await fetch("v1/try", { method: "POST", headers, body: JSON.stringify(body), signal: controller.signal });
            if (mine !== sequence) return;
            if (response.status === 401) {
              $("token-box").style.display = "block";
              $("status").className = "fail";
              $("status").textContent = "This server asks for an access token: type it at the top right.";
              return;
            }
            const answer = await response.json();
            if (mine !== sequence) return;
            if (!response.ok) {
              $("status").className = "fail";
              $("status").textContent = "The server refused the request: " + (answer.error || response.status);
              $("status").dataset.state = "ready";
              return;
            }
            if (token) sessionStorage.setItem("rapport-token", token);
            render(answer);
          } catch (error) {
            if (error.name === "AbortError") return;
            $("status").className = "fail";
            $("status").textContent = "Cannot reach the server (" + error.message + "). Is rapport-serve still running?";
          }
        }

        function reset() { layer.value = EXAMPLE_LAYER; comments.value = EXAMPLE_COMMENTS; explainIndex = null; sizeEditor(); schedule(0); }
        $("reset").addEventListener("click", reset);
        layer.value = EXAMPLE_LAYER;
        comments.value = EXAMPLE_COMMENTS;
        layer.addEventListener("input", () => { sizeEditor(); paintEditor(last ? last.diagnostics.filter((d) => d.line <= lines().length) : []); schedule(300); });
        layer.addEventListener("keydown", (event) => {
          if (event.key === "Tab") { event.preventDefault(); document.execCommand("insertText", false, "  "); }
        });
        comments.addEventListener("input", () => { sizeEditor(); explainIndex = null; schedule(300); });
        $("token").addEventListener("change", () => schedule(0));
        sizeEditor();
        paintEditor([]);
        run();
        </script>
        </body>
        </html>
        """#
}
