using RhetoricClassifier.Cli.Input;

namespace RhetoricClassifier.Cli.Report;

/// <summary>
/// One scored document (or one part of a large file read in parts) as the human views need it, built on
/// the scorer's worker threads so that explanations are computed in parallel.
/// </summary>
/// <param name="Id">The document id.</param>
/// <param name="Text">The document's text (this part's, for a file read in parts).</param>
/// <param name="Offset">Where <paramref name="Text"/> starts in the document (0 but for later parts).</param>
/// <param name="Continues">Whether this is a later part of the previous document.</param>
/// <param name="Sentences">Its sentences in order.</param>
internal sealed record ReportDocument(string Id, string Text, long Offset, bool Continues, IReadOnlyList<ReportSentence> Sentences)
{
    /// <summary>The strongest words kept per tag: enough to say why, small enough for a 1,000-document report.</summary>
    public const int TopWords = 4;

    /// <summary>The documents of one scored batch; explanations from <paramref name="explainer"/> when given.</summary>
    public static List<ReportDocument> FromBatch(ScoredBatch batch, RhetoricModel? explainer)
    {
        var result = new List<ReportDocument>(batch.Documents.Count);
        foreach (var (doc, sentences) in batch.ByDocument())
        {
            TextFileReader.PartInfo? part = TextFileReader.PartOf(doc);
            var list = new List<ReportSentence>(sentences.Length);
            foreach (ScoredSentence s in sentences.Span)
            {
                WordWeight[][]? top = null;
                if (explainer is not null)
                {
                    SentenceExplanation e = explainer.Explain(s.Text.Span);
                    top = e.Tags.Select(t => t.Words.Where(w => w.Weight != 0).OrderByDescending(w => Math.Abs(w.Weight)).Take(TopWords).ToArray()).ToArray();
                }

                list.Add(new ReportSentence(s.Index + (part?.FirstSentence ?? 0), s.Start, s.Length, s.Text.ToString(), s.Tags, s.Scores, top));
            }

            result.Add(new ReportDocument(doc.Id, doc.Text, part?.Offset ?? 0, part is { Offset: > 0 }, list));
        }

        return result;
    }
}

/// <summary>One sentence for the human views.</summary>
/// <param name="Index">Its position in the document.</param>
/// <param name="Start">Its offset in its part's text.</param>
/// <param name="Length">Its length.</param>
/// <param name="Text">The sentence.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="Scores">Probability per tag.</param>
/// <param name="TopWords">Per tag (in tag order), the words with the largest weights, strongest first; null without explanations.</param>
internal sealed record ReportSentence(int Index, int Start, int Length, string Text, TagSet Tags, TagScores Scores, WordWeight[][]? TopWords);
