using System.Text.Json;
using OpenQA.Selenium;

namespace RhetoricClassifier.Tests.Cli;

/// <summary>The HTML report opened in real headless Chromium: what a reader's browser does with it.</summary>
public sealed class HtmlReportTests : IDisposable
{
    private const string Hostile = "Shares fell 4% on the news. <script>window.pwned = 1;</script> We will cut 300 jobs <img src=x onerror=\"window.pwned = 2\"> as AI takes over. <link rel=stylesheet href=\"http://127.0.0.1:9/x.css\"> <b onmouseover=\"window.pwned = 3\">Bold</b> & \"quoted\" text.";

    private readonly string _dir = Directory.CreateTempSubdirectory("rhetoric-html-").FullName;

    public HtmlReportTests()
    {
        // The inputs sit in their own folder: folders are read with their .html files, and the report is one.
        Directory.CreateDirectory(Path.Combine(_dir, "in"));
        foreach (string f in Directory.GetFiles(RepositoryPaths.Examples))
        {
            File.Copy(f, Path.Combine(_dir, "in", Path.GetFileName(f)));
        }

        File.WriteAllText(Path.Combine(_dir, "in", "<img src=x onerror=alert(1)>.txt"), Hostile);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Report()
    {
        var r = CliRunner.Run(_dir, "score", "in", "--format", "html", "--output", "report.html", "--quiet");
        Assert.True(r.ExitCode == 0, r.StdErr);
        return Path.Combine(_dir, "report.html");
    }

    [Fact]
    public void Sentences_and_tags_in_the_browser_equal_the_JSONL_run_and_nothing_hostile_runs_or_loads()
    {
        string report = Report();
        var jsonl = CliRunner.Run(_dir, "score", "in", "--quiet");
        var expected = jsonl.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(r => (r.GetProperty("document").GetString(), string.Join(' ', r.GetProperty("labels").EnumerateArray().Select(l => l.GetString())), r.GetProperty("text").GetString()))
            .ToList();

        using var chrome = new HeadlessChrome();
        string url = new Uri(report).AbsoluteUri;
        chrome.Driver.Navigate().GoToUrl(url);
        var js = (IJavaScriptExecutor)chrome.Driver;
        var got = ((IReadOnlyCollection<object>)js.ExecuteScript(
                "return Array.from(document.querySelectorAll('.text .s')).map(s => [s.getAttribute('data-document'), s.getAttribute('data-tags'), s.textContent]);")!)
            .Cast<IReadOnlyCollection<object>>()
            .Select(a => a.Cast<string>().ToArray())
            .Select(a => ((string?)a[0], a[1], (string?)a[2]))
            .ToList();
        Assert.True(expected.Count > 40, $"only {expected.Count} sentences");
        Assert.Equal(expected, got);
        Assert.Contains(got, s => s.Item3!.Contains("<script>window.pwned = 1;</script>", StringComparison.Ordinal));

        Assert.Null(js.ExecuteScript("return window.pwned === undefined ? null : window.pwned;"));
        Assert.Equal(0L, js.ExecuteScript("return document.querySelectorAll('img, iframe, object, embed, link, b, script[src]').length;"));
        Assert.Equal(1L, js.ExecuteScript("return document.scripts.length;"));
        string csp = (string)js.ExecuteScript("return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content;")!;
        Assert.StartsWith("default-src 'none';", csp);

        // Hover every sentence (mouseover handlers of injected markup would run now), then look at the network.
        js.ExecuteScript("document.querySelectorAll('.text .s').forEach(s => s.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})));");
        Assert.Null(js.ExecuteScript("return window.pwned === undefined ? null : window.pwned;"));
        Assert.Equal([url], chrome.RequestedUrls(url).Distinct());
        Assert.Equal(0L, js.ExecuteScript("return performance.getEntriesByType('resource').length;"));
    }

    [Fact]
    public void The_table_sorts_on_click_and_a_clicked_sentence_shows_its_probabilities_and_words()
    {
        string report = Report();
        using var chrome = new HeadlessChrome();
        chrome.Driver.Navigate().GoToUrl(new Uri(report).AbsoluteUri);
        var js = (IJavaScriptExecutor)chrome.Driver;

        IWebElement header = chrome.Driver.FindElements(By.CssSelector("#docs th")).Single(th => th.Text.StartsWith("human impact", StringComparison.Ordinal));
        header.Click();
        double[] shares = Column(js, 4);
        Assert.Equal(shares.OrderByDescending(x => x), shares);
        Assert.True(shares.Distinct().Count() > 1, "the column should not be constant");
        header.Click();
        Assert.Equal(shares.Order(), Column(js, 4));

        IWebElement sentence = chrome.Driver.FindElements(By.CssSelector(".text .s")).First(s => s.GetAttribute("data-tags")!.Contains("human_impact", StringComparison.Ordinal));
        js.ExecuteScript("arguments[0].scrollIntoView({block: 'center'});", sentence);
        sentence.Click();
        IWebElement panel = chrome.Driver.FindElement(By.Id("panel"));
        Assert.True(panel.Displayed);
        Assert.Contains("human impact", panel.Text);
        Assert.Contains("tagged", panel.Text);
        Assert.Matches(@"\+\d\.\d\d \S+", panel.Text);
    }

    private static double[] Column(IJavaScriptExecutor js, int column)
        => ((IReadOnlyCollection<object>)js.ExecuteScript($"return Array.from(document.querySelectorAll('#docs tbody tr')).map(r => r.cells[{column}].getAttribute('data-v'));")!)
            .Select(v => double.Parse((string)v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
