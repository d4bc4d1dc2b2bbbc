using CsCheck;
using RhetoricClassifier.Explanations;
using RhetoricClassifier.Scoring;

namespace RhetoricClassifier.Tests.Explanations;

public sealed class TreeShapleyTests
{
    private const int Features = 6;

    // Random trees over 6 features, with thresholds that the counts 0..3 fall on both sides of (and a
    // negative one, which sends the empty sentence right), features repeated along paths.
    private static readonly Gen<TreeData> GenTree =
        Gen.Int[1, 40].SelectMany(leaves =>
            Gen.Select(
                Gen.Int[0, Features - 1].Array[leaves - 1],
                Gen.Int[0, 3].Select(k => k - 0.5f).Array[leaves - 1],
                Gen.Double[-2, 2].Array[leaves],
                Gen.Int[0, int.MaxValue],
                (feature, threshold, values, seed) => Build(feature, threshold, values, seed)));

    private static readonly Gen<int[]> GenCounts = Gen.Int[0, 3].Array[Features];

    [Fact]
    public void Closed_form_equals_brute_force_Shapley_on_random_trees()
    {
        Gen.Select(GenTree, GenCounts).Sample((tree, counts) =>
        {
            var present = Enumerable.Range(0, Features).Where(f => counts[f] > 0).ToDictionary(f => f, f => counts[f]);
            double Value(int subset) => TreeShapley.Evaluate(tree, f => (subset & (1 << f)) != 0 ? counts[f] : 0);
            double[] expected = BruteForce.Shapley(Features, Value);
            var phi = new Dictionary<int, double>();
            double baseline = TreeShapley.Accumulate(tree, present, phi);
            AssertClose(Value(0), baseline);
            for (int f = 0; f < Features; f++)
            {
                AssertClose(expected[f], phi.GetValueOrDefault(f));
            }
        }, iter: 2000);
    }

    // A tolerance, not Assert.Equal's decimal places: rounding both sides to n places fails whenever two values
    // a rounding error apart straddle a rounding boundary (seed 43TV6Bj8EWB1 did). The brute force sums 2^6
    // subset differences in another order than the closed form, so they agree to a few ulps of the magnitude.
    private static void AssertClose(double expected, double actual) =>
        Assert.Equal(expected, actual, 1e-9 * Math.Max(1, Math.Abs(expected)));

    [Fact]
    public void A_single_leaf_tree_is_all_baseline()
    {
        var tree = new TreeData([], [], [], [], [1.25], 2);
        var phi = new Dictionary<int, double>();
        Assert.Equal(2.5, TreeShapley.Accumulate(tree, new Dictionary<int, int> { [0] = 3 }, phi));
        Assert.Empty(phi);
    }

    // A random binary tree with leaves.Length leaves: nodes are split in a random order (seeded).
    private static TreeData Build(int[] feature, float[] threshold, double[] leaves, int seed)
    {
        int internalNodes = leaves.Length - 1;
        var left = new int[internalNodes];
        var right = new int[internalNodes];
        var random = new Random(seed);
        var open = new List<(int Node, bool Right)>();
        int nextLeaf = 0;
        for (int node = 0; node < internalNodes; node++)
        {
            if (node > 0)
            {
                int pick = random.Next(open.Count);
                (int parent, bool isRight) = open[pick];
                open.RemoveAt(pick);
                (isRight ? right : left)[parent] = node;
            }

            open.Add((node, false));
            open.Add((node, true));
        }

        foreach ((int parent, bool isRight) in open)
        {
            (isRight ? right : left)[parent] = ~nextLeaf++;
        }

        return new TreeData(left, right, feature, threshold, leaves, 1);
    }
}
