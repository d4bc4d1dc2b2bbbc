using CsCheck;
using RhetoricClassifier.Data;

namespace RhetoricClassifier.Tests.Segmentation;

/// <summary>
/// Inside an open sentence the segmenter passes over runs of plain ASCII with one vectorised search instead of
/// visiting each character with the full rules. These tests hold that fast path to the character-by-character
/// rules: the same sentences for every text.
/// </summary>
public sealed class PlainRunSkipTests
{
    // Words and marks chosen to meet every rule near a run's edges: abbreviations (single and dotted), list
    // markers ("1.", "a)", "(2)", "3.)"), bullets, terminals and closers, curly quotes, non-ASCII white space,
    // tabs and line breaks, digits, decimals and addresses.
    private static readonly string[] Pieces =
    [
        "the", "cuts", "AI", "We", "The", "It", "and", "jobs", "of", "spending", "Acme", "Inc.", "Corp.", "U.S.", "Mr.", "No.", "e.g.",
        "a.m.", "etc.", "B.", "Calif.", "1.", "2.", "a)", "b)", "(1)", "(2)", "3.)", "4.)", "A.", "$3.5", "17.5%", "acme.com", "year.The",
        "now?No", "•", "-", "—", "“Quoted,”", "’s", "(we", "said)", "it.", "it!", "it?", "it...", "…", ". . .", ":", ";", ",", "\"", "'",
        ")", "]", "#AI", "é", "中文", "😀", "time", "Eastern", "Lisbon", "Sept.", "No", "1,200", "10%", "fewer", "layers",
    ];

    private static readonly Gen<string> Separator = Pick(" ", " ", " ", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\u00A0", " \n ", "\v", "");

    private static readonly Gen<string> CorpusLike = Gen.Select(Pick(Pieces), Separator).Array[0, 120]
        .Select(parts => string.Concat(parts.Select(p => p.Item1 + p.Item2)));

    private static readonly Gen<string> AnyText = Gen.OneOf(
        CorpusLike,
        Gen.String[Gen.Char["ab .!?…\"'”’()-•*\n\r\t0123456789AZ$%:"], 0, 400],
        Gen.String[Gen.Char, 0, 300]);

    private static Gen<string> Pick(params string[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    public static TheoryData<int> Caps => [16, 40, 1000];

    private static void AssertSameSentences(RuleBasedSegmenter fast, RuleBasedSegmenter reference, string text)
    {
        var expected = new List<SentenceSpan>();
        var actual = new List<SentenceSpan>();
        reference.Segment(text, expected);
        fast.Segment(text, actual);
        Assert.True(expected.SequenceEqual(actual),
            $"different sentences for {System.Text.Json.JsonSerializer.Serialize(text)}: "
            + $"[{string.Join(", ", expected)}] by the rules, [{string.Join(", ", actual)}] with the skip");
    }

    [Theory]
    [MemberData(nameof(Caps))]
    public void Skipping_plain_runs_finds_the_sentences_the_character_by_character_rules_find(int cap)
    {
        var options = new SegmenterOptions { MaxSentenceLength = cap };
        var fast = new RuleBasedSegmenter(options);
        var reference = new RuleBasedSegmenter(options, skipPlainRuns: false);
        AnyText.Sample(text => AssertSameSentences(fast, reference, text), iter: 5000);
    }

    [Fact]
    public void Skipping_plain_runs_finds_the_same_sentences_in_documents_built_from_the_test_splits_and_examples()
    {
        var fast = RuleBasedSegmenter.Default;
        var reference = new RuleBasedSegmenter(null, skipPlainRuns: false);
        string[] sentences = new[] { "test.jsonl", "test-realstyle.jsonl" }
            .SelectMany(f => LabeledDataReader.ReadFile(Path.Combine(RepositoryPaths.TrainingData, f)))
            .Select(s => s.Text)
            .ToArray();
        Assert.NotEmpty(sentences);
        var documents = sentences.Chunk(10).Select((c, i) => string.Join(i % 3 == 0 ? "\n\n" : " ", c))
            .Concat(Directory.GetFiles(RepositoryPaths.Examples).Select(File.ReadAllText));
        foreach (string document in documents)
        {
            AssertSameSentences(fast, reference, document);
        }
    }
}
