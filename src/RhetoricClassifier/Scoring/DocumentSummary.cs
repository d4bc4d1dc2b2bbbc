namespace RhetoricClassifier;

/// <summary>How many sentences of a document carry each tag.</summary>
/// <param name="SentenceCount">Sentences in the document.</param>
/// <param name="AiJustificationCount">Sentences tagged <see cref="RhetoricTag.AiJustification"/>.</param>
/// <param name="CostCapexCount">Sentences tagged <see cref="RhetoricTag.CostCapex"/>.</param>
/// <param name="HumanImpactCount">Sentences tagged <see cref="RhetoricTag.HumanImpact"/>.</param>
/// <param name="UntaggedCount">Sentences with no tag.</param>
public sealed record DocumentSummary(int SentenceCount, int AiJustificationCount, int CostCapexCount, int HumanImpactCount, int UntaggedCount)
{
    /// <summary>Sentences carrying <paramref name="tag"/>.</summary>
    /// <param name="tag">The tag.</param>
    public int Count(RhetoricTag tag) => tag switch
    {
        RhetoricTag.AiJustification => AiJustificationCount,
        RhetoricTag.CostCapex => CostCapexCount,
        RhetoricTag.HumanImpact => HumanImpactCount,
        _ => throw new ArgumentOutOfRangeException(nameof(tag)),
    };

    /// <summary>The share of sentences carrying <paramref name="tag"/>, from 0 to 1 (0 for an empty document).</summary>
    /// <param name="tag">The tag.</param>
    public double Share(RhetoricTag tag) => SentenceCount == 0 ? 0 : (double)Count(tag) / SentenceCount;

    /// <summary>Summarises a sequence of sentence tag sets.</summary>
    /// <param name="tags">The tags of each sentence.</param>
    public static DocumentSummary FromTags(IEnumerable<TagSet> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        int n = 0, a = 0, c = 0, h = 0, none = 0;
        foreach (TagSet t in tags)
        {
            n++;
            a += t.Contains(RhetoricTag.AiJustification) ? 1 : 0;
            c += t.Contains(RhetoricTag.CostCapex) ? 1 : 0;
            h += t.Contains(RhetoricTag.HumanImpact) ? 1 : 0;
            none += t == TagSet.None ? 1 : 0;
        }

        return new DocumentSummary(n, a, c, h, none);
    }
}
