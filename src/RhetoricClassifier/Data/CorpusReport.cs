namespace RhetoricClassifier;

/// <summary>The result of <see cref="CorpusChecker.Check"/>: problems found and the corpus's make-up.</summary>
public sealed record CorpusReport
{
    /// <summary>Problems, each naming the file and line (<c>file:line</c>); empty when the corpus is clean.</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>Sentence counts of the training part.</summary>
    public required CorpusCounts Training { get; init; }

    /// <summary>Sentence counts of the test part (zero counts when there is none).</summary>
    public required CorpusCounts Test { get; init; }
}

/// <summary>How many sentences a corpus holds, per tag, per genre, and how many carry several tags.</summary>
public sealed record CorpusCounts
{
    /// <summary>All sentences.</summary>
    public required int Sentences { get; init; }

    /// <summary>Sentences per tag id.</summary>
    public required IReadOnlyDictionary<string, int> PerTag { get; init; }

    /// <summary>Sentences with no tag.</summary>
    public required int Untagged { get; init; }

    /// <summary>Sentences with two or three tags.</summary>
    public required int MultiTag { get; init; }

    /// <summary>Share of tagged sentences that carry two or three tags.</summary>
    public double MultiTagShare => Sentences - Untagged == 0 ? 0 : (double)MultiTag / (Sentences - Untagged);

    /// <summary>Sentences per genre (<c>(none)</c> for records without one).</summary>
    public required IReadOnlyDictionary<string, int> PerGenre { get; init; }

    internal static CorpusCounts Of(IReadOnlyList<LabeledSentence> data) => new()
    {
        Sentences = data.Count,
        PerTag = RhetoricTags.All.ToDictionary(t => t.Id(), t => data.Count(d => d.Labels.Contains(t))),
        Untagged = data.Count(d => d.Labels == TagSet.None),
        MultiTag = data.Count(d => d.Labels.Enumerate().Count() >= 2),
        PerGenre = data.GroupBy(d => d.Genre ?? "(none)").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count()),
    };
}
