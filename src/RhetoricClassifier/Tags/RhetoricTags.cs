using System.Diagnostics.CodeAnalysis;

namespace RhetoricClassifier;

/// <summary>Stable ids, display names and parsing for <see cref="RhetoricTag"/> and <see cref="TagSet"/>.</summary>
public static class RhetoricTags
{
    /// <summary>The number of tags.</summary>
    public const int Count = 3;

    private static readonly string[] Ids = ["ai_justification", "cost_capex", "human_impact"];
    private static readonly string[] DisplayNames = ["AI-as-justification", "cost/capex", "human impact"];

    /// <summary>All tags, in index order.</summary>
    public static IReadOnlyList<RhetoricTag> All { get; } = [RhetoricTag.AiJustification, RhetoricTag.CostCapex, RhetoricTag.HumanImpact];

    /// <summary>The stable id of a tag, for example <c>cost_capex</c>.</summary>
    /// <param name="tag">The tag.</param>
    public static string Id(this RhetoricTag tag) => Ids[(int)tag];

    /// <summary>The human-readable name of a tag, for example <c>cost/capex</c>.</summary>
    /// <param name="tag">The tag.</param>
    public static string DisplayName(this RhetoricTag tag) => DisplayNames[(int)tag];

    /// <summary>
    /// Parses a tag id or display name. Matching is exact (ordinal): <c>Cost_Capex</c> is not a tag,
    /// so a misspelling in training data is reported instead of silently accepted.
    /// </summary>
    /// <param name="text">An id such as <c>human_impact</c> or a display name such as <c>human impact</c>.</param>
    /// <param name="tag">The tag, when the text names one.</param>
    /// <returns><see langword="true"/> when the text names a tag.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out RhetoricTag tag)
    {
        for (int i = 0; i < Count; i++)
        {
            if (text.SequenceEqual(Ids[i]) || text.SequenceEqual(DisplayNames[i]))
            {
                tag = (RhetoricTag)i;
                return true;
            }
        }

        tag = default;
        return false;
    }

    /// <summary>Whether a set contains a tag.</summary>
    /// <param name="set">The set.</param>
    /// <param name="tag">The tag.</param>
    public static bool Contains(this TagSet set, RhetoricTag tag) => ((int)set & (1 << (int)tag)) != 0;

    /// <summary>The set holding only <paramref name="tag"/>.</summary>
    /// <param name="tag">The tag.</param>
    public static TagSet ToSet(this RhetoricTag tag) => (TagSet)(1 << (int)tag);

    /// <summary>The tags in a set, in index order.</summary>
    /// <param name="set">The set.</param>
    public static IEnumerable<RhetoricTag> Enumerate(this TagSet set)
    {
        for (int i = 0; i < Count; i++)
        {
            if (set.Contains((RhetoricTag)i))
            {
                yield return (RhetoricTag)i;
            }
        }
    }

    /// <summary>The ids of the tags in a set, in index order; empty for <see cref="TagSet.None"/>.</summary>
    /// <param name="set">The set.</param>
    public static string[] ToIds(this TagSet set) => set.Enumerate().Select(Id).ToArray();

    /// <summary>The tags whose probability reaches its threshold; both spans are indexed by tag.</summary>
    internal static TagSet Decide(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> thresholds)
    {
        TagSet set = TagSet.None;
        for (int t = 0; t < Count; t++)
        {
            if (probabilities[t] >= thresholds[t])
            {
                set |= (TagSet)(1 << t);
            }
        }

        return set;
    }

    /// <summary>Per-tag thresholds keyed by id (as in the manifest), as an array indexed by tag.</summary>
    internal static float[] ThresholdArray(IReadOnlyDictionary<string, float> thresholds)
    {
        // A loop, not LINQ: this runs at every model load, and Select over the tag enum is compiled at run time.
        var result = new float[Count];
        for (int t = 0; t < Count; t++)
        {
            result[t] = thresholds[((RhetoricTag)t).Id()];
        }

        return result;
    }

    /// <summary>Tries to find a tag whose id matches <paramref name="text"/> ignoring case, to suggest a fix for a misspelt tag.</summary>
    internal static bool TryParseIgnoringCase(string text, [NotNullWhen(true)] out string? id)
    {
        for (int i = 0; i < Count; i++)
        {
            if (string.Equals(text, Ids[i], StringComparison.OrdinalIgnoreCase) || string.Equals(text, DisplayNames[i], StringComparison.OrdinalIgnoreCase))
            {
                id = Ids[i];
                return true;
            }
        }

        id = null;
        return false;
    }
}
