using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using RhetoricClassifier.Cli.Output;

namespace RhetoricClassifier.Cli.Report;

/// <summary>
/// The self-contained HTML report of a scoring run: run metadata, a sortable table and a chart across
/// documents, then every document's text with its sentences highlighted by tag, a profile chart, and the
/// probabilities and strongest words of each sentence on hover or click.
/// </summary>
/// <remarks>
/// Nothing is loaded from anywhere: the one style sheet and the one script are inline and allowed by
/// their SHA-256 in a Content-Security-Policy that forbids everything else, so even a statement that
/// smuggled markup past the encoder could neither run a script nor make a request. Every string from
/// the input (ids, text) goes through <see cref="HtmlEncoder"/>. Documents are collapsed sections, open
/// by default only for small runs, so a 1,000-document report stays quick to open and to scan.
/// </remarks>
internal sealed class HtmlReport(RhetoricModel model, string? modelPath, IReadOnlyList<string> inputs)
{
    /// <summary>Reports with at most this many documents open every section; larger ones start collapsed.</summary>
    public const int OpenSectionsUpTo = 12;

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly string[] TagIds = RhetoricTags.All.Select(t => t.Id()).ToArray();
    private static readonly string[] Colors = ["#8e5bd6", "#e8a23a", "#2a9d8f"];
    private static readonly string[] Tints = ["#e6dbf8", "#fbe6c2", "#cdeae6"];

    private readonly List<Doc> _documents = [];

    private sealed class Doc(string id)
    {
        public string Id { get; } = id;

        public StringBuilder Text { get; } = new();

        public List<(long Start, ReportSentence Sentence)> Sentences { get; } = [];
    }

    /// <summary>Adds a scored document, or a later part of the previous one.</summary>
    public void Add(ReportDocument document)
    {
        if (!document.Continues || _documents.Count == 0 || _documents[^1].Id != document.Id)
        {
            _documents.Add(new Doc(document.Id));
        }

        Doc doc = _documents[^1];
        long offset = doc.Text.Length;
        doc.Text.Append(document.Text);
        foreach (ReportSentence s in document.Sentences)
        {
            doc.Sentences.Add((offset + s.Start, s));
        }
    }

    /// <summary>Writes the report.</summary>
    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await using (w.ConfigureAwait(false))
        {
            string csp = $"default-src 'none'; style-src '{Hash(Style)}'; script-src '{Hash(Script)}'; img-src 'none'; base-uri 'none'; form-action 'none'";
            await w.WriteAsync($"""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="{csp}">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Rhetoric report</title>
                <style>{Style}</style>
                </head><body>

                """).ConfigureAwait(false);
            await w.WriteAsync(Header()).ConfigureAwait(false);
            await w.WriteAsync(Overview()).ConfigureAwait(false);
            await w.WriteAsync("<section id=\"texts\"><h2>Documents</h2><p class=\"tools\"><button type=\"button\" id=\"expand\">Expand all</button> <button type=\"button\" id=\"collapse\">Collapse all</button></p>\n").ConfigureAwait(false);
            for (int d = 0; d < _documents.Count; d++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await w.WriteAsync(Document(d)).ConfigureAwait(false);
            }

            await w.WriteAsync($"</section>\n<aside id=\"panel\" hidden></aside>\n<script>{Script}</script>\n</body></html>\n").ConfigureAwait(false);
            await w.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string E(string s) => Encoder.Encode(s);

    private static string Hash(string content) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    private static string F(double v, string format = "0.###") => v.ToString(format, CultureInfo.InvariantCulture);

    private static string Pct(int count, int total) => total == 0 ? "0%" : ((double)count / total).ToString("0%", CultureInfo.InvariantCulture);

    private string Header()
    {
        ModelManifest m = model.Manifest;
        int sentences = _documents.Sum(d => d.Sentences.Count);
        var sb = new StringBuilder();
        sb.Append("<header><h1>Rhetoric report</h1>\n<dl class=\"meta\">");
        sb.Append(CultureInfo.InvariantCulture, $"<dt>Model</dt><dd>{(modelPath is null ? "built-in" : E(modelPath))}, library {E(m.LibraryVersion)}, trained {E(m.CreatedUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))} on {m.TrainingSetSize:N0} sentences</dd>");
        sb.Append(CultureInfo.InvariantCulture, $"<dt>Training data</dt><dd><code title=\"{E(m.TrainingDataSha256)}\">sha256 {E(m.TrainingDataSha256.Length > 16 ? m.TrainingDataSha256[..16] + "…" : m.TrainingDataSha256)}</code></dd>");
        sb.Append("<dt>Thresholds</dt><dd>").Append(string.Join(", ", RhetoricTags.All.Select(t => $"{E(t.Id())} {F(m.Threshold(t), "0.00")}"))).Append("</dd>");
        sb.Append(CultureInfo.InvariantCulture, $"<dt>Date</dt><dd>{DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}</dd>");
        sb.Append(CultureInfo.InvariantCulture, $"<dt>Inputs</dt><dd>{E(string.Join(" ", inputs))}</dd>");
        sb.Append(CultureInfo.InvariantCulture, $"<dt>Counts</dt><dd id=\"counts\">{_documents.Count:N0} documents, {sentences:N0} sentences; ");
        sb.Append(string.Join(", ", RhetoricTags.All.Select(t =>
            $"{_documents.Sum(d => d.Sentences.Count(s => s.Sentence.Tags.Contains(t))):N0} {E(t.DisplayName())}")));
        sb.Append("</dd></dl>\n<p class=\"legend\">");
        foreach (RhetoricTag t in RhetoricTags.All)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<span class=\"s\" data-tags=\"{t.Id()}\">{E(t.DisplayName())}</span> ");
        }

        sb.Append("<span class=\"s\" data-tags=\"ai_justification human_impact\">two or three tags: stripes</span> ");
        sb.Append("<span class=\"s\" data-tags=\"\">no tag</span> · hover or click a sentence for its probabilities and the words behind them</p></header>\n");
        return sb.ToString();
    }

    private string Overview()
    {
        var sb = new StringBuilder();
        sb.Append("<section id=\"overview\"><h2>Across documents</h2>\n");
        sb.Append(Chart());
        sb.Append("<div class=\"tablewrap\"><table id=\"docs\" class=\"sortable\"><thead><tr><th data-type=\"text\">document</th><th data-type=\"num\">sentences</th>");
        foreach (RhetoricTag t in RhetoricTags.All)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<th data-type=\"num\" class=\"t{(int)t}\">{E(t.DisplayName())}</th>");
        }

        sb.Append("<th data-type=\"num\">untagged</th></tr></thead><tbody>\n");
        for (int d = 0; d < _documents.Count; d++)
        {
            Doc doc = _documents[d];
            int n = doc.Sentences.Count;
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td data-v=\"{E(doc.Id)}\"><a href=\"#d{d}\">{E(doc.Id)}</a></td><td data-v=\"{n}\">{n:N0}</td>");
            foreach (RhetoricTag t in RhetoricTags.All)
            {
                int c = doc.Sentences.Count(s => s.Sentence.Tags.Contains(t));
                sb.Append(CultureInfo.InvariantCulture, $"<td data-v=\"{F(n == 0 ? 0 : (double)c / n, "0.#####")}\">{Pct(c, n)} <small>({c:N0})</small></td>");
            }

            int none = doc.Sentences.Count(s => s.Sentence.Tags == TagSet.None);
            sb.Append(CultureInfo.InvariantCulture, $"<td data-v=\"{F(n == 0 ? 0 : (double)none / n, "0.#####")}\">{Pct(none, n)}</td></tr>\n");
        }

        sb.Append("</tbody></table></div></section>\n");
        return sb.ToString();
    }

    // One row per document: three bars, the share of its sentences carrying each tag.
    private string Chart()
    {
        const int Row = 26, Label = 230, Width = 640, Bar = 7;
        int height = (_documents.Count * Row) + 24;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"chart\"><svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"share of sentences per tag, by document\">");
        for (int x = 0; x <= 100; x += 25)
        {
            double gx = Label + ((Width - Label - 10) * x / 100.0);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(gx)}\" y1=\"0\" x2=\"{F(gx)}\" y2=\"{height - 16}\" stroke=\"#ddd\"/><text x=\"{F(gx)}\" y=\"{height - 4}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#666\">{x}%</text>");
        }

        for (int d = 0; d < _documents.Count; d++)
        {
            Doc doc = _documents[d];
            int n = doc.Sentences.Count, y = d * Row;
            string name = doc.Id.Length > 36 ? "…" + doc.Id[^35..] : doc.Id;
            sb.Append(CultureInfo.InvariantCulture, $"<a href=\"#d{d}\"><text x=\"{Label - 6}\" y=\"{y + 16}\" font-size=\"11\" text-anchor=\"end\"><title>{E(doc.Id)}</title>{E(name)}</text></a>");
            foreach (RhetoricTag t in RhetoricTags.All)
            {
                int c = doc.Sentences.Count(s => s.Sentence.Tags.Contains(t));
                double share = n == 0 ? 0 : (double)c / n;
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Label}\" y=\"{y + 3 + ((int)t * Bar)}\" width=\"{F(Math.Max(0.5, (Width - Label - 10) * share))}\" height=\"{Bar - 1}\" fill=\"{Colors[(int)t]}\"><title>{E(t.DisplayName())}: {Pct(c, n)} of {n} sentences</title></rect>");
            }
        }

        sb.Append("</svg></div>\n");
        return sb.ToString();
    }

    private string Document(int d)
    {
        Doc doc = _documents[d];
        int n = doc.Sentences.Count;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<details class=\"doc\" id=\"d{d}\"{(_documents.Count <= OpenSectionsUpTo ? " open" : "")}><summary><span class=\"name\">{E(doc.Id)}</span> ");
        sb.Append(Profile(doc));
        sb.Append(CultureInfo.InvariantCulture, $" <span class=\"count\">{n:N0} sentences · ");
        sb.Append(string.Join(" · ", RhetoricTags.All.Select(t => $"<span class=\"t{(int)t}\">{Pct(doc.Sentences.Count(s => s.Sentence.Tags.Contains(t)), n)}</span>")));
        sb.Append("</span></summary>\n<div class=\"text\">");
        string text = doc.Text.ToString();
        long at = 0;
        string docAttribute = E(doc.Id);
        foreach ((long start, ReportSentence s) in doc.Sentences)
        {
            if (start > at)
            {
                sb.Append(E(text[(int)at..(int)start]));
            }

            sb.Append(CultureInfo.InvariantCulture, $"<span class=\"s\" tabindex=\"0\" data-tags=\"{string.Join(' ', s.Tags.ToIds())}\" data-document=\"{docAttribute}\" data-i=\"{s.Index}\" data-x=\"{E(Details(s))}\">");
            sb.Append(E(s.Text)).Append("</span>");
            at = start + s.Length;
        }

        if (at < text.Length)
        {
            sb.Append(E(text[(int)at..]));
        }

        sb.Append("</div></details>\n");
        return sb.ToString();
    }

    // A small bar chart of the document's profile: the share of sentences per tag.
    private static string Profile(Doc doc)
    {
        int n = doc.Sentences.Count;
        var sb = new StringBuilder("<svg class=\"profile\" xmlns=\"http://www.w3.org/2000/svg\" width=\"60\" height=\"22\" viewBox=\"0 0 60 22\" aria-hidden=\"true\"><rect x=\"0\" y=\"0\" width=\"60\" height=\"22\" fill=\"#f4f4f4\"/>");
        foreach (RhetoricTag t in RhetoricTags.All)
        {
            double share = n == 0 ? 0 : (double)doc.Sentences.Count(s => s.Sentence.Tags.Contains(t)) / n;
            double h = Math.Max(1, 20 * share);
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{4 + ((int)t * 19)}\" y=\"{F(21 - h)}\" width=\"15\" height=\"{F(h)}\" fill=\"{Colors[(int)t]}\"/>");
        }

        return sb.Append("</svg>").ToString();
    }

    // What the panel shows for a sentence: probabilities and, per tag, the strongest words with their weights, as
    // {"p":[...],"w":[[["word",weight],...],...]} ("w" null without explanations).
    internal static string Details(ReportSentence s)
    {
        return JsonText.WriteText(json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("p");
            foreach (RhetoricTag t in RhetoricTags.All)
            {
                json.WriteNumberValue(Math.Round(s.Scores[t], 3));
            }

            json.WriteEndArray();
            if (s.TopWords is null)
            {
                json.WriteNull("w");
            }
            else
            {
                json.WriteStartArray("w");
                foreach (WordWeight[] words in s.TopWords)
                {
                    json.WriteStartArray();
                    foreach (WordWeight w in words)
                    {
                        json.WriteStartArray();
                        json.WriteStringValue(w.Text);
                        json.WriteNumberValue(Math.Round(w.Weight, 2));
                        json.WriteEndArray();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        });
    }

    private static readonly string Style = BuildStyle();

    private static string BuildStyle()
    {
        var sb = new StringBuilder("""
            body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:0 20px 80px;color:#222}
            h1{margin:18px 0 6px}h2{margin-top:28px;border-bottom:1px solid #ddd}
            dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0;font-size:13px}
            dl.meta dt{color:#666}dl.meta dd{margin:0}
            .legend .s{padding:1px 6px;margin-right:4px}
            .chart{max-height:420px;overflow:auto;border:1px solid #eee;margin:10px 0}
            .chart a text{fill:#1a5fb4}
            .tablewrap{max-height:560px;overflow:auto;margin-top:10px}
            table.sortable{border-collapse:collapse;width:100%;font-size:14px}
            table.sortable thead th{position:sticky;top:0;background:#fff}
            table.sortable th{cursor:pointer;text-align:left;border-bottom:2px solid #ccc;padding:4px 8px;user-select:none;white-space:nowrap}
            table.sortable th[aria-sort=ascending]::after{content:" ▲"}table.sortable th[aria-sort=descending]::after{content:" ▼"}
            table.sortable td{border-bottom:1px solid #eee;padding:3px 8px}
            table.sortable td:not(:first-child),table.sortable th:not(:first-child){text-align:right}
            small{color:#777}
            details.doc{border:1px solid #e3e3e3;border-radius:6px;margin:8px 0;padding:0 12px}
            details.doc>summary{cursor:pointer;padding:8px 0;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
            details.doc>summary .name{font-weight:600}details.doc>summary .count{color:#555;font-size:13px}
            .text{white-space:pre-wrap;padding:4px 0 12px;line-height:1.75}
            .s{border-radius:3px;-webkit-box-decoration-break:clone;box-decoration-break:clone}
            .text .s{cursor:help}.text .s:focus{outline:2px solid #1a5fb4}
            .s[data-tags=""]{color:#555}
            #panel{position:fixed;right:16px;bottom:16px;width:360px;max-height:60vh;overflow:auto;background:#fff;border:1px solid #bbb;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.18);padding:10px 14px;font-size:13px}
            #panel h3{margin:0 0 6px;font-size:13px;color:#555;font-weight:normal}
            #panel .tag{margin:6px 0}#panel .up{color:#17823b}#panel .down{color:#c0262d}
            #panel .bar{display:inline-block;height:8px;vertical-align:middle;margin-left:6px}
            .tools button{font:inherit;padding:2px 10px}
            """);
        for (int t = 0; t < RhetoricTags.Count; t++)
        {
            sb.Append(CultureInfo.InvariantCulture, $".t{t}{{color:{Colors[t]}}}#panel .bar.t{t}{{background:{Colors[t]}}}\n");
        }

        // One colour per tag; two or three tags are stripes of their colours, with a dark underline.
        for (int set = 1; set < 1 << RhetoricTags.Count; set++)
        {
            var tags = ((TagSet)set).Enumerate().Select(t => (int)t).ToArray();
            string selector = $".s[data-tags=\"{string.Join(' ', tags.Select(t => TagIds[t]))}\"]";
            if (tags.Length == 1)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{selector}{{background:{Tints[tags[0]]};box-shadow:inset 0 -2px 0 {Colors[tags[0]]}}}\n");
                continue;
            }

            var stops = tags.Select((t, i) => $"{Colors[t]}66 {i * 7}px {(i + 1) * 7}px");
            sb.Append(CultureInfo.InvariantCulture, $"{selector}{{background:repeating-linear-gradient(135deg,{string.Join(',', stops)});box-shadow:inset 0 -2px 0 #333}}\n");
        }

        return sb.ToString();
    }

    private static readonly string Script = """
        (function () {
          "use strict";
          var names = ["AI-as-justification", "cost/capex", "human impact"];
          var panel = document.getElementById("panel");
          var pinned = null;
          function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
          function show(s) {
            var x = JSON.parse(s.getAttribute("data-x"));
            var tags = (s.getAttribute("data-tags") || "").split(" ");
            panel.replaceChildren();
            panel.appendChild(el("h3", "", s.getAttribute("data-document") + " · sentence " + s.getAttribute("data-i") + (pinned ? " (pinned: click again to release)" : "")));
            ["ai_justification", "cost_capex", "human_impact"].forEach(function (id, t) {
              var div = el("div", "tag");
              var head = el("div", "", "");
              head.appendChild(el("b", "t" + t, names[t]));
              head.appendChild(document.createTextNode(" p = " + x.p[t].toFixed(3) + (tags.indexOf(id) >= 0 ? " · tagged" : "")));
              var bar = el("span", "bar t" + t); bar.setAttribute("role", "presentation");
              bar.style.width = Math.round(x.p[t] * 120) + "px"; // CSSOM, which the policy allows; no style attribute in the markup
              head.appendChild(bar);
              div.appendChild(head);
              if (x.w) {
                var words = el("div", "words");
                x.w[t].forEach(function (w, i) {
                  if (i) words.appendChild(document.createTextNode(", "));
                  words.appendChild(el("span", w[1] > 0 ? "up" : "down", (w[1] > 0 ? "+" : "") + w[1].toFixed(2) + " " + w[0]));
                });
                if (!x.w[t].length) words.appendChild(el("span", "", "no word moves it"));
                div.appendChild(words);
              }
              panel.appendChild(div);
            });
            panel.hidden = false;
          }
          document.addEventListener("mouseover", function (e) { var s = e.target.closest && e.target.closest(".text .s"); if (s && !pinned) show(s); });
          document.addEventListener("focusin", function (e) { var s = e.target.closest && e.target.closest(".text .s"); if (s && !pinned) show(s); });
          document.addEventListener("click", function (e) {
            var s = e.target.closest && e.target.closest(".text .s");
            if (!s) return;
            pinned = pinned === s ? null : s;
            show(s);
          });
          document.querySelectorAll("table.sortable th").forEach(function (th, col) {
            th.addEventListener("click", function () {
              var table = th.closest("table"), body = table.tBodies[0];
              var desc = th.getAttribute("aria-sort") !== "descending";
              var num = th.getAttribute("data-type") === "num";
              table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
              th.setAttribute("aria-sort", desc ? "descending" : "ascending");
              var rows = Array.prototype.slice.call(body.rows);
              rows.sort(function (a, b) {
                var x = a.cells[col].getAttribute("data-v"), y = b.cells[col].getAttribute("data-v");
                var c = num ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
                return desc ? -c : c;
              });
              rows.forEach(function (r) { body.appendChild(r); });
            });
          });
          function all(open) { document.querySelectorAll("details.doc").forEach(function (d) { d.open = open; }); }
          document.getElementById("expand").addEventListener("click", function () { all(true); });
          document.getElementById("collapse").addEventListener("click", function () { all(false); });
          function openHash() { var d = location.hash && document.getElementById(location.hash.slice(1)); if (d && d.tagName === "DETAILS") { d.open = true; d.scrollIntoView(); } }
          window.addEventListener("hashchange", openHash);
          openHash();
        })();
        """;
}
