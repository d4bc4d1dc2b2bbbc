using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace RhetoricClassifier.Features;

/// <summary>Receives, for each token character the normaliser writes, the source position it came from.</summary>
internal interface IOffsetMap
{
    /// <summary>Output character <paramref name="output"/> was made from source character <paramref name="source"/>.</summary>
    void Record(int output, int source);
}

/// <summary>
/// Normalised text with a map back to the original: characters <c>[Start[i], End[i])</c> of the original
/// produced normalised character <c>i</c>; both are -1 for the separating spaces.
/// </summary>
internal sealed record NormalizedText(string Text, int[] Start, int[] End);

internal static partial class TextNormalizer
{
    /// <summary>
    /// Normalises exactly as <see cref="Normalize(string, bool)"/> does and records where each output character
    /// came from (explanations only; the scoring path never pays for the map).
    /// </summary>
    /// <remarks>
    /// NFKC changes lengths ("ﬁ" becomes "fi", "①" becomes "1"), so it runs here one grapheme-like cluster
    /// (a character with its combining marks) at a time, which keeps each output character tied to its
    /// cluster. Composition across clusters (conjoining Hangul jamo, for instance) is the rare case where
    /// that differs from NFKC of the whole text; the result is then checked against the scoring path's
    /// output and, if it differs, that output is used with every character mapped to the whole text, so
    /// features are always the ones the model scored.
    /// </remarks>
    public static NormalizedText NormalizeWithOffsets(ReadOnlySpan<char> text, bool quoteTokens = false)
    {
        string source;
        int[] sourceStart;
        int[] sourceEnd;
        if (Ascii.IsValid(text))
        {
            source = text.ToString();
            sourceStart = new int[source.Length];
            sourceEnd = new int[source.Length];
            for (int i = 0; i < source.Length; i++)
            {
                sourceStart[i] = i;
                sourceEnd[i] = i + 1;
            }
        }
        else
        {
            (source, sourceStart, sourceEnd) = NormalizeByCluster(text);
        }

        char[] buffer = new char[MaxOutputLength(source.Length)];
        var map = new OffsetRecorder(sourceStart, sourceEnd, buffer.Length);
        int length = Fold(source, buffer, quoteTokens, ref map);
        string folded = new(buffer, 0, length);
        int[] start = map.Start.AsSpan(0, length).ToArray();
        int[] end = map.End.AsSpan(0, length).ToArray();

        string expected = Normalize(text.ToString(), quoteTokens);
        if (!string.Equals(folded, expected, StringComparison.Ordinal))
        {
            start = new int[expected.Length];
            end = new int[expected.Length];
            for (int i = 0; i < expected.Length; i++)
            {
                bool space = expected[i] == ' ';
                start[i] = space ? -1 : 0;
                end[i] = space ? -1 : text.Length;
            }

            folded = expected;
        }

        return new NormalizedText(folded, start, end);
    }

    private static (string Text, int[] Start, int[] End) NormalizeByCluster(ReadOnlySpan<char> text)
    {
        var sb = new StringBuilder(text.Length + 8);
        var start = new List<int>(text.Length + 8);
        var end = new List<int>(text.Length + 8);
        Span<char> scratch = stackalloc char[64];
        int i = 0;
        while (i < text.Length)
        {
            int j = i + (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1);
            while (j < text.Length && IsCombiningMark(text[j]))
            {
                j++;
            }

            ReadOnlySpan<char> cluster = text[i..j];
            string normalized;
            if (cluster.Length <= 8 && cluster.TryNormalize(scratch, out int written, NormalizationForm.FormKC))
            {
                normalized = scratch[..written].ToString();
            }
            else
            {
                try
                {
                    normalized = cluster.ToString().Normalize(NormalizationForm.FormKC);
                }
                catch (ArgumentException)
                {
                    normalized = cluster.ToString(); // lone surrogate: the scoring path keeps such text as it is
                }
            }

            sb.Append(normalized);
            for (int k = 0; k < normalized.Length; k++)
            {
                start.Add(i);
                end.Add(j);
            }

            i = j;
        }

        return (sb.ToString(), start.ToArray(), end.ToArray());
    }

    private static bool IsCombiningMark(char c)
        => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark;

    private struct NoOffsets : IOffsetMap
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Record(int output, int source)
        {
        }
    }

    private readonly struct OffsetRecorder : IOffsetMap
    {
        private readonly int[] _sourceStart;
        private readonly int[] _sourceEnd;

        public OffsetRecorder(int[] sourceStart, int[] sourceEnd, int capacity)
        {
            _sourceStart = sourceStart;
            _sourceEnd = sourceEnd;
            Start = new int[capacity];
            End = new int[capacity];
            Start.AsSpan().Fill(-1);
            End.AsSpan().Fill(-1);
        }

        public int[] Start { get; }

        public int[] End { get; }

        public void Record(int output, int source)
        {
            Start[output] = _sourceStart[source];
            End[output] = _sourceEnd[source];
        }
    }
}
