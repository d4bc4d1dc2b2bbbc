using RhetoricClassifier.Features;

namespace RhetoricClassifier;

/// <summary>
/// Checks a labelled corpus for what makes a model look better than it is: exact and near duplicates
/// (after normalising case, punctuation and digits, and sentences whose word sets overlap by at least
/// <see cref="NearDuplicateJaccard"/>), and any overlap between the training and the test part.
/// Unknown tags and empty text are already refused by <see cref="LabeledDataReader"/>.
/// </summary>
public static class CorpusChecker
{
    /// <summary>Word-set Jaccard similarity at or above which two sentences count as near duplicates.</summary>
    public const double NearDuplicateJaccard = 0.8;

    /// <summary>Checks a training part and an optional test part.</summary>
    /// <param name="training">Training sentences.</param>
    /// <param name="test">Held-out test sentences (may be empty).</param>
    public static CorpusReport Check(IReadOnlyList<LabeledSentence> training, IReadOnlyList<LabeledSentence> test)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(test);
        var all = training.Select(s => (s, IsTest: false)).Concat(test.Select(s => (s, IsTest: true))).ToList();
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new string[all.Count];
        var sets = new int[all.Count][];
        for (int i = 0; i < all.Count; i++)
        {
            keys[i] = DuplicateKey(all[i].s.Text);
            sets[i] = keys[i].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(w => vocabulary.TryGetValue(w, out int id) ? id : vocabulary[w] = vocabulary.Count)
                .Distinct().Order().ToArray();
        }

        var problems = new List<string>();
        var exact = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < all.Count; i++)
        {
            if (exact.TryGetValue(keys[i], out int j))
            {
                problems.Add($"{Where(all[i])}: {Kind(all[j], all[i], "duplicate")} of {Where(all[j])}");
            }
            else
            {
                exact[keys[i]] = i;
            }
        }

        // Near duplicates: pairs sharing a rare word are candidates, then Jaccard decides.
        var byWord = new Dictionary<int, List<int>>();
        for (int i = 0; i < all.Count; i++)
        {
            foreach (int w in sets[i])
            {
                (byWord.TryGetValue(w, out var l) ? l : byWord[w] = []).Add(i);
            }
        }

        var reported = new HashSet<(int, int)>();
        for (int i = 0; i < all.Count; i++)
        {
            if (sets[i].Length < 4 || exact[keys[i]] != i)
            {
                continue;
            }

            // Any pair with Jaccard >= 0.8 shares at least one of each sentence's rarest 30% of words.
            int probe = Math.Max(1, (int)Math.Ceiling(sets[i].Length * (1 - NearDuplicateJaccard)) + 1);
            foreach (int w in sets[i].OrderBy(w => byWord[w].Count).Take(probe))
            {
                foreach (int j in byWord[w])
                {
                    if (j <= i || exact[keys[j]] != j || !reported.Add((i, j)))
                    {
                        continue;
                    }

                    double jaccard = Jaccard(sets[i], sets[j]);
                    if (jaccard >= NearDuplicateJaccard)
                    {
                        problems.Add($"{Where(all[j])}: {Kind(all[i], all[j], "near duplicate")} of {Where(all[i])} (word overlap {jaccard:0.00})");
                    }
                }
            }
        }

        return new CorpusReport { Problems = problems, Training = CorpusCounts.Of(training), Test = CorpusCounts.Of(test) };
    }

    /// <summary>What two sentences share when they are exact duplicates: the text with case, punctuation and digits
    /// normalised (shared with training, which keeps such sentences in one cross-validation fold).</summary>
    internal static string DuplicateKey(string text) => TextNormalizer.Normalize(text).Trim();

    private static string Where((LabeledSentence S, bool IsTest) item) => item.S.Origin ?? item.S.Id ?? item.S.Text;

    private static string Kind((LabeledSentence S, bool IsTest) first, (LabeledSentence S, bool IsTest) second, string what)
        => first.IsTest != second.IsTest ? $"train/test overlap: {what}" : what;

    private static double Jaccard(int[] a, int[] b)
    {
        int i = 0, j = 0, both = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                both++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return (double)both / (a.Length + b.Length - both);
    }
}
