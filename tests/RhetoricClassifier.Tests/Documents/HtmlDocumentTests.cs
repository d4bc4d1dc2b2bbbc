using System.Text;
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
