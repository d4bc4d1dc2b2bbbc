using CsCheck;
using RhetoricClassifier.Features;
using RhetoricClassifier.Scoring;

namespace RhetoricClassifier.Tests.Scoring;

/// <summary>
/// The compiled forest against the plainest reading of a tree: walk it from the root, left when the value is at most the
/// threshold. Random forests over a small word vocabulary, at each leaf-mask width the forest can pick.
/// </summary>
public sealed class CompiledForestTests
{
    private static readonly string[] Words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];

    // A threshold of 1 keeps a count of 1 on the left (a split that depends on the count); below 1, every counted
    // feature goes right; below 0, even an absent one does (folded into the starting masks).
    private static readonly float[] Thresholds = [-0.5f, 0f, 0.5f, 1f, 1.5f, 2f, 2.5f, 3.5f];

    [Theory]
    [InlineData(16, 2)]   // the built-in model's shape: 16-bit masks, 4-byte records
    [InlineData(32, 4)]
    [InlineData(64, 8)]
    public void Evaluate_equals_walking_each_tree_at_every_mask_width(int mostLeaves, int maskBytes)
        => Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 1], Gen.Int[1, 4]).Sample((seed, cap, tagCount) =>
        {
            var random = new Random(seed);
            var settings = new FeatureSettings(WordNgramLength: 1, CharNgramMin: 0, CharNgramMax: 0, CountCap: cap * 2);
            var tags = new TagEnsemble[tagCount];
            for (int t = 0; t < tagCount; t++)
            {
                var trees = new TreeData[random.Next(1, 30)];
                for (int i = 0; i < trees.Length; i++)
                {
                    // One tree at the widest size, so that the forest needs the width under test.
                    trees[i] = RandomTree(random, i == 0 ? mostLeaves : random.Next(1, mostLeaves + 1));
                }

                tags[t] = new TagEnsemble(trees, random.NextDouble() - 0.5, -1 - random.NextDouble(), random.NextDouble() - 0.5);
            }

            var forest = new CompiledForest(new FeatureVocabulary(settings, Words.Select(w => "w:" + w).ToList()), tags);
            Assert.Equal(maskBytes, forest.MaskBytes);
            var workspace = new ScoringWorkspace(forest);
            var fast = new float[tagCount];
            for (int s = 0; s < 20; s++)
            {
                string sentence = string.Join(' ', Enumerable.Range(0, random.Next(0, 25)).Select(_ => random.Next(12) switch
                {
                    10 => "unknown",
                    11 => Words[random.Next(3)], // a few words often, so that counts above 1 and the cap come up
                    int w => Words[w],
                }));
                workspace.Score(sentence, fast);
                for (int t = 0; t < tagCount; t++)
                {
                    float expected = ByWalking(tags[t], sentence, settings);
                    Assert.True(Math.Abs(expected - fast[t]) <= 1e-6, $"tag {t}: walked {expected}, compiled {fast[t]}: '{sentence}'");
                }
            }
        }, iter: 60);

    [Fact]
    public void A_forest_of_more_trees_than_sixteen_bits_can_number_takes_wider_records()
    {
        // 65,537 two-leaf trees: 16-bit masks would hold their leaves, but not the tree numbers in the record beside them.
        var settings = new FeatureSettings(WordNgramLength: 1, CharNgramMin: 0, CharNgramMax: 0);
        var random = new Random(7);
        var trees = new TreeData[(1 << 16) + 1];
        for (int i = 0; i < trees.Length; i++)
        {
            trees[i] = RandomTree(random, 2);
        }

        var tag = new TagEnsemble(trees, 0.1, -0.01, 0.2);
        var forest = new CompiledForest(new FeatureVocabulary(settings, Words.Select(w => "w:" + w).ToList()), [tag]);
        Assert.Equal(4, forest.MaskBytes);
        var workspace = new ScoringWorkspace(forest);
        var fast = new float[1];
        foreach (string sentence in new[] { "", "alpha", "alpha bravo bravo", "juliet india hotel golf foxtrot echo delta charlie bravo alpha alpha" })
        {
            workspace.Score(sentence, fast);
            Assert.True(Math.Abs(ByWalking(tag, sentence, settings) - fast[0]) <= 1e-6, sentence);
        }
    }

    // A random binary tree with the given number of leaves, in ML.NET's layout (a negative child c is leaf ~c).
    private static TreeData RandomTree(Random random, int leafCount)
    {
        var left = new List<int>();
        var right = new List<int>();
        var feature = new List<int>();
        var threshold = new List<float>();
        var leaves = new List<double>();

        int Build(int count)
        {
            if (count == 1)
            {
                leaves.Add((random.NextDouble() * 2) - 1);
                return ~(leaves.Count - 1);
            }

            int node = left.Count;
            left.Add(0);
            right.Add(0);
            feature.Add(random.Next(Words.Length));
            threshold.Add(Thresholds[random.Next(Thresholds.Length)]);
            int split = random.Next(1, count);
            left[node] = Build(split);
            right[node] = Build(count - split);
            return node;
        }

        Build(leafCount);
        return new TreeData([.. left], [.. right], [.. feature], [.. threshold], [.. leaves], 0.5 + random.NextDouble());
    }

    private static float ByWalking(TagEnsemble tag, string sentence, FeatureSettings settings)
    {
        string[] tokens = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double sum = tag.Bias;
        foreach (TreeData tree in tag.Trees)
        {
            int node = tree.Left.Length == 0 ? ~0 : 0;
            while (node >= 0)
            {
                float value = settings.Value(tokens.Count(w => w == Words[tree.Feature[node]]));
                node = value <= tree.Threshold[node] ? tree.Left[node] : tree.Right[node];
            }

            sum += (float)(tree.Leaves[~node] * tree.Weight);
        }

        return CompiledForest.Calibrate((float)sum, tag.PlattSlope, tag.PlattOffset);
    }
}
