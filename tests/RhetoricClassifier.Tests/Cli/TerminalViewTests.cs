using System.Text;
using RhetoricClassifier.Cli.Output;

namespace RhetoricClassifier.Tests.Cli;

public sealed class TerminalViewTests
{
    private static readonly RhetoricModel Model = RhetoricModel.LoadDefault();

    // Numbers stay on their document's row and long names wrap instead; on an 80-column terminal, shares only.
    [Theory]
    [InlineData(80, "AI", @"│\s+3 │\s+33% │\s+33% │\s+33% │\s+33% │", @"│\s+12,345 │\s+0% │\s+0% │\s+100% │\s+0% │")]
    [InlineData(120, "AI-as-justification", @"│\s+3 │\s+1\s+33% │\s+1\s+33% │\s+1\s+33% │\s+1\s+33% │", @"│\s+12,345 │\s+0\s+0% │\s+0\s+0% │\s+12,345\s+100% │\s+0\s+0% │")]
    public void The_summary_table_fits_the_width_with_every_number_on_its_documents_row(int width, string header, string firstRow, string memoRow)
    {
        var summaries = new List<(string, DocumentSummary)>
        {
            ("statements/2026/northwind-restructuring-announcement.txt", DocumentSummary.FromTags([TagSet.AiJustification | TagSet.HumanImpact, TagSet.CostCapex, TagSet.None])),
            ("memo.md", DocumentSummary.FromTags(Enumerable.Repeat(TagSet.HumanImpact, 12_345))),
        };
        using var stream = new MemoryStream();
        using (var view = new TerminalView(stream, terminal: false, Model))
        {
            view.Console.Profile.Width = width;
            view.Summary(summaries);
            view.Flush();
        }

        string[] lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= width, l));
        Assert.Contains(header, lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("│ statements/", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(l, firstRow));
        Assert.Contains(lines, l => l.StartsWith("│ memo.md", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(l, memoRow));
    }
}
