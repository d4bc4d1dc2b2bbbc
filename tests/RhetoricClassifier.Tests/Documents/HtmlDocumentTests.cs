using System.Text;
using CsCheck;
using RhetoricClassifier.Segmentation;

namespace RhetoricClassifier.Tests.Documents;

public class HtmlDocumentTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "documents", name);

    private static List<string> Sentences(string text) => RuleBasedSegmenter.Default.Segment(text).Select(s => text.Substring(s.Start, s.Length)).ToList();

    [Fact]
    public void News_page_gives_the_statement_in_order_and_none_of_the_chrome()
    {
        TextDocument doc = DocumentReader.Default.Read(Fixture("news-page.html"));

        Assert.Equal(
            [
                "Northwind Logistics to cut 1,200 jobs as it automates warehouses",
                "By Dana Whitfield · March 4, 2026",
                "Northwind Logistics said on Tuesday it would eliminate about 1,200 warehouse positions over the next eighteen months as robotic picking systems take over work now done by hand.",
                "The company expects the changes to save $140 million a year, and it plans to spend $310 million on automation equipment in 2026.",
                "Severance and retraining",
                "\u201CThese decisions affect colleagues who have built this company,\u201D chief executive Maria Okafor wrote in a memo to staff.",
                "\u201CEveryone affected will receive severance and the offer of retraining.\u201D",
                "Affected employees will be notified by the end of April",
                "Two distribution centres in Ohio will close",
                "Analysts said the move mirrors cuts at other carriers that have invested heavily in automation.",
                "Site",
                "Roles affected",
                "Columbus",
                "640",
                "Shares rose 3% in early trading & the union said it would seek talks.",
            ],
            Sentences(doc.Text));
    }

    [Theory]
    [InlineData("Skip to content")]
    [InlineData("Opinion")]
    [InlineData("cookies")]
    [InlineData("Accept all")]
    [InlineData("Share on")]
    [InlineData("Advertisement")]
    [InlineData("renderAd")]
    [InlineData("dataLayer")]
    [InlineData("NewsArticle")]
    [InlineData("Most read")]
    [InlineData("heating bill")]
    [InlineData("newsletter")]
    [InlineData("All rights reserved")]
    [InlineData("Privacy policy")]
    [InlineData("Topics:")]
    [InlineData("enable JavaScript")]
    [InlineData("Comment text")]
    [InlineData("The Daily Ledger")]
    [InlineData("&nbsp;")]
    [InlineData("\u00A0")]
    public void News_page_chrome_is_left_out(string chrome)
    {
        TextDocument doc = DocumentReader.Default.Read(Fixture("news-page.html"));

        Assert.DoesNotContain(chrome, doc.Text, StringComparison.OrdinalIgnoreCase);
    }
}

public class HtmlEncodingAndSizeTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "documents", name);

    private static string Extract(byte[] html, int chunkChars = HtmlExtractor.DefaultChunkChars)
        => HtmlExtractor.Extract(new MemoryStream(html), CancellationToken.None, chunkChars);

    [Fact]
    public void Windows_1252_page_is_decoded_from_its_meta_declaration()
    {
        TextDocument doc = DocumentReader.Default.Read(Fixture("memo-windows-1252.htm"));

        Assert.Equal(
            "Café chain memo\n\nA note from our CEO\n\nOur cafés will remain open \u2013 no staff will be laid off this year.\n\nWe expect \u20AC 12 million in savings from the new ordering system.",
            doc.Text);
    }

    [Theory]
    [InlineData("<meta charset=\"windows-1252\">")]
    [InlineData("<meta charset=iso-8859-1>")]
    [InlineData("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">")]
    [InlineData("")]
    public void Legacy_pages_read_as_windows_1252(string declaration)
    {
        byte[] html = [.. Encoding.ASCII.GetBytes($"<html><head>{declaration}</head><body><p>Caf"), 0xE9, .. Encoding.Latin1.GetBytes(" \x93open\x94.</p></body></html>")];

        Assert.Equal("Café \u201Copen\u201D.", Extract(html));
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void Byte_order_mark_wins_over_a_wrong_declaration(string encodingName)
    {
        Encoding encoding = Encoding.GetEncoding(encodingName);
        byte[] html = [.. encoding.GetPreamble(), .. encoding.GetBytes("<meta charset=\"windows-1252\"><p>Caf\u00E9s \u2014 1\u00A0200 roles.</p>")];

        Assert.Equal("Cafés \u2014 1 200 roles.", Extract(html));
    }

    [Theory]
    [InlineData("<p>AT&amp;T &lt;NYSE&gt; &#8220;quoted&#x201D; &eacute;t&eacute;</p>", "AT&T <NYSE> \u201Cquoted\u201D été")]
    [InlineData("<p>one&nbsp;two&#160;three</p>", "one two three")]
    [InlineData("<h1>Headline without a stop</h1><p>First sentence.</p>", "Headline without a stop\n\nFirst sentence.")]
    [InlineData("<p>Split <b>across</b> <a href=x>inline</a> tags.</p>", "Split across inline tags.")]
    [InlineData("<p>Unclosed paragraph<p>Second one<li>item", "Unclosed paragraph\n\nSecond one\n\nitem")]
    [InlineData("<script>if (a < b && c > d) { x = '</p>'; }</script><p>After script.</p>", "After script.")]
    [InlineData("<!-- <p>commented out</p> --><p>Kept.</p>", "Kept.")]
    [InlineData("<div style=\"display: none\"><p>Hidden fact.</p></div><p>Shown.</p>", "Shown.")]
    [InlineData("<div hidden><div><p>Hidden.</p></div></div><p>Shown.</p>", "Shown.")]
    [InlineData("<header><p>Site name</p></header><article><header><h1>Story</h1></header><p>Body.</p><footer>Tags</footer></article>", "Story\n\nBody.")]
    [InlineData("<div id=\"CybotCookiebotDialog\"><p>Consent choices.</p></div><div class=\"x\"><p>This website uses cookies to measure traffic.</p></div><p>Kept.</p>", "Kept.")]
    [InlineData("<div class=\"modal-dialog\"><p>Subscribe?</p></div><div class=\"d-none\"><p>Hidden.</p></div><div class=\"hidden-xs col\"><p>Shown on large screens.</p></div>", "Shown on large screens.")]
    [InlineData("<p>Profits grew.</p><div class=\"shareholders-letter\"><p>Dear shareholders.</p></div>", "Profits grew.\n\nDear shareholders.")]
    public void Markup_becomes_blocks_of_reader_text(string html, string expected)
    {
        Assert.Equal(expected, Extract(Encoding.UTF8.GetBytes(html)));
    }

    [Fact]
    public void Chunk_boundaries_never_change_the_text()
    {
        string[] pieces =
        [
            "<p>", "</p>", "<div class=\"x\">", "</div>", "<li>", "<h2>", "</h2>", "<br>", "<b>", "</b>", "<a href='a>b'>", "</a>",
            "<!-- note <p> -->", "<script>x = '<p>' < 3;</script>", "<style>p{}</style>", "<nav><p>menu</p></nav>",
            "<div class=\"cookie-banner\"><div>cookie</div></div>", "Text one. ", "Second part", " &amp; more ", "\u00E9t\u00E9 ", "\n",
            // Longer than two 16-character chunks: their middles are dropped at that chunk size, not at the default.
            "<!-- " + new string('-', 90) + " <p> -- > --->", "<script>if (a <!-- b) { s = '</scr' + 'ipt>'; }" + new string(' ', 90) + "</script>",
            "<img alt=\"" + new string('>', 90) + "\">", "<style>" + new string('}', 90) + "</style>", "<?xml " + new string('?', 90) + ">",
        ];
        Gen.Int[0, pieces.Length - 1].Array[0, 60].Sample(indices =>
        {
            byte[] html = Encoding.UTF8.GetBytes(string.Concat(indices.Select(i => pieces[i])));
            Assert.Equal(Extract(html), Extract(html, chunkChars: 16));
        });
    }

    [Fact]
    public void A_huge_comment_script_style_or_attribute_is_read_in_bounded_memory_and_changes_no_text()
    {
        // Inline images as data: URIs and hostile pages: constructs of millions of characters whose content is
        // never text. Before, the buffer, the chunk string and the token each grew with them (50 MB: 687 MB peak).
        static byte[] Page(int n) => Encoding.UTF8.GetBytes(
            "<html><head><title>Results</title><style>" + new string('}', n) + "</style></head><body><p>First paragraph.</p><!--"
            + new string('c', n) + "--><script>var a = '" + new string('s', n) + "';</script><p>Second <img src=\"data:image/png;base64,"
            + new string('A', n) + "\"> paragraph.</p><p>Third.</p></body></html>");
        byte[] huge = Page(6_000_000);
        string expected = Extract(Page(10));

        long before = GC.GetAllocatedBytesForCurrentThread();
        string text = Extract(huge);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(expected, text);
        Assert.Contains("Second paragraph.", text);
        Assert.True(allocated < 24 << 20, $"{allocated:N0} bytes allocated for a page of {huge.Length:N0} bytes");
    }

    [Theory]
    [InlineData(100)]
    [InlineData(5000)]
    public void Parts_joined_by_a_blank_line_are_the_whole_text(int partChars)
    {
        string path = Path.Combine(Path.GetTempPath(), $"filing-{Guid.NewGuid():N}.htm");
        try
        {
            SecFiling.Write(path, 2_000_000);
            string whole = DocumentReader.Default.Read(path).Text;

            var parts = DocumentReader.Default.ReadParts(path, partChars, CancellationToken.None).ToList();

            Assert.True(parts.Count > 3);
            Assert.Equal(whole, string.Join("\n\n", parts.Select(p => p.Part.Text)));
            Assert.All(parts, p => Assert.Equal(p.Part.Text, whole.Substring((int)p.Offset, p.Part.Text.Length)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Large_inline_xbrl_filing_keeps_its_text_and_drops_hidden_facts()
    {
        string path = Path.Combine(Path.GetTempPath(), $"filing-{Guid.NewGuid():N}.htm");
        try
        {
            (long size, int sections) = SecFiling.Write(path, 50L << 20);
            Assert.True(size >= 50L << 20);

            TextDocument doc = DocumentReader.Default.Read(path);

            Assert.StartsWith("UNITED STATES\n\nSECURITIES AND EXCHANGE COMMISSION\n\nWashington, D.C. 20549\n\nFORM 10-K", doc.Text, StringComparison.Ordinal);
            Assert.EndsWith($"Item {sections}. We reduced headcount by 4% in the year and recorded restructuring charges of $12 million.", doc.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("dei:EntityCentralIndexKey", doc.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("0000123456", doc.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("<", doc.Text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
