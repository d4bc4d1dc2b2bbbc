using CsCheck;
using RhetoricClassifier.Models;
using RhetoricClassifier.Scoring;

namespace RhetoricClassifier.Tests.Models;

/// <summary>
/// <c>compiled.bin</c> holds exactly the learners it was written from, and reading refuses every entry that is not
/// well formed for the model it is in, with a message that says what is wrong (never another exception).
/// </summary>
[Collection(SmallModelCollection.Name)]
public sealed class CompiledEntryTests(SmallModelFixture fixture)
{
    private static readonly string[] Tags = [.. RhetoricTags.All.Select(t => t.Id())];

    private int FeatureCount => fixture.Model.Core.Vocabulary.Count;

    private byte[] Written(Func<TreeData, TreeData>? editFirstTree = null)
    {
        var core = fixture.Model.Core;
        var ensembles = core.Ensembles.ToList();
        if (editFirstTree is not null)
        {
            // The first tree with at least three splits, edited on copies of its arrays.
            TreeData tree = ensembles[0].Trees.First(t => t.Left.Length >= 3);
            TreeData copy = tree with
            {
                Left = (int[])tree.Left.Clone(), Right = (int[])tree.Right.Clone(), Feature = (int[])tree.Feature.Clone(),
                Threshold = (float[])tree.Threshold.Clone(), Leaves = (double[])tree.Leaves.Clone(),
            };
            ensembles[0] = ensembles[0] with { Trees = [.. ensembles[0].Trees.Select(t => ReferenceEquals(t, tree) ? editFirstTree(copy) : t)] };
        }

        return CompiledEntry.Write(Tags, FeatureCount, ensembles, core.LinearModels, core.LinearWeight);
    }

    private (IReadOnlyList<TagEnsemble> Ensembles, IReadOnlyList<LinearTagModel>? Linear) Read(byte[] bytes, string[]? tags = null, int? features = null)
        => CompiledEntry.Read(bytes, tags ?? Tags, features ?? FeatureCount, fixture.Model.Core.LinearWeight);

    [Fact]
    public void Reading_gives_back_exactly_the_trees_calibration_and_weights_written()
    {
        var core = fixture.Model.Core;
        (var ensembles, var linear) = Read(Written());
        Assert.Equal(core.Ensembles.Count, ensembles.Count);
        for (int t = 0; t < ensembles.Count; t++)
        {
            Assert.Equal((core.Ensembles[t].Bias, core.Ensembles[t].PlattSlope, core.Ensembles[t].PlattOffset), (ensembles[t].Bias, ensembles[t].PlattSlope, ensembles[t].PlattOffset));
            Assert.Equal(core.Ensembles[t].Trees.Count, ensembles[t].Trees.Count);
            for (int i = 0; i < ensembles[t].Trees.Count; i++)
            {
                TreeData a = core.Ensembles[t].Trees[i], b = ensembles[t].Trees[i];
                Assert.Equal(a.Left, b.Left);
                Assert.Equal(a.Right, b.Right);
                Assert.Equal(a.Feature, b.Feature);
                Assert.Equal(a.Threshold, b.Threshold);
                Assert.Equal(a.Leaves, b.Leaves);
                Assert.Equal(a.Weight, b.Weight);
            }

            Assert.Equal(core.LinearModels![t].Weights, linear![t].Weights);
            Assert.Equal((core.LinearModels[t].Bias, core.LinearModels[t].PlattSlope, core.LinearModels[t].PlattOffset), (linear[t].Bias, linear[t].PlattSlope, linear[t].PlattOffset));
        }
    }

    private static readonly Dictionary<string, Func<TreeData, TreeData>> Damages = new()
    {
        ["a split on a feature past the vocabulary"] = t => { t.Feature[1] = int.MaxValue; return t; },
        ["a negative feature"] = t => { t.Feature[0] = -1; return t; },
        ["a child that points back at the root (a cycle)"] = t => { t.Left[2] = 0; return t; },
        ["a child past the last node"] = t => { t.Right[0] = t.Left.Length; return t; },
        ["two branches that share a leaf"] = t => { t.Left[0] = -1; t.Right[0] = -1; return t; },
        ["a leaf that is not a number"] = t => { t.Leaves[0] = double.NaN; return t; },
        ["an infinite threshold"] = t => { t.Threshold[0] = float.PositiveInfinity; return t; },
        ["a leaf too many"] = t => t with { Leaves = [.. t.Leaves, 0] },
        ["65 leaves"] = t => t with { Left = new int[64], Right = new int[64], Feature = new int[64], Threshold = new float[64], Leaves = new double[65] },
    };

    [Theory]
    [InlineData("a split on a feature past the vocabulary", "splits on feature 2147483647, beyond the vocabulary's")]
    [InlineData("a negative feature", "splits on feature -1")]
    [InlineData("a child that points back at the root (a cycle)", "reaches node 0 twice or out of range")]
    [InlineData("a child past the last node", "out of range")]
    [InlineData("two branches that share a leaf", "reaches leaf 0 twice")]
    [InlineData("a leaf that is not a number", "not a finite number (NaN)")]
    [InlineData("an infinite threshold", "not a finite number")]
    [InlineData("a leaf too many", "splits but")]
    [InlineData("65 leaves", "65 leaves; at most 64")]
    public void A_damaged_tree_is_refused_saying_what_is_wrong(string damage, string reason)
    {
        var e = Assert.Throws<InvalidDataException>(() => Read(Written(Damages[damage])));
        Assert.True(e.Message.Contains(reason, StringComparison.Ordinal) && e.Message.Contains("tag 'ai_justification' tree", StringComparison.Ordinal),
            $"{damage}: {e.Message}");
    }

    [Fact]
    public void An_entry_for_another_vocabulary_size_is_refused_as_another_models()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read(Written(), features: FeatureCount + 1));
        Assert.Contains("belongs to another model", e.Message);
    }

    [Fact]
    public void Tags_in_another_order_than_the_manifests_are_refused()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read(Written(), tags: [Tags[1], Tags[0], Tags[2]]));
        Assert.Contains("tag 1 is 'ai_justification' but the manifest says 'cost_capex'", e.Message);
    }

    [Fact]
    public void Every_truncation_is_refused()
    {
        byte[] bytes = Written();
        Gen.Int[0, bytes.Length - 1].Sample(length => Assert.Throws<InvalidDataException>(() => Read(bytes[..length])));
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        byte[] bytes = Written();
        var e = Assert.Throws<InvalidDataException>(() => Read([.. bytes, 0]));
        Assert.Contains("does not end where its contents do", e.Message);
    }

    [Fact]
    public void Random_damage_is_either_read_or_refused_with_InvalidDataException_never_another_exception()
    {
        byte[] bytes = Written();
        Gen.Select(Gen.Int[0, bytes.Length - 1], Gen.Byte).Array[1, 8].Sample(edits =>
        {
            byte[] damaged = (byte[])bytes.Clone();
            foreach ((int at, byte value) in edits)
            {
                damaged[at] = value;
            }

            try
            {
                Read(damaged);
            }
            catch (InvalidDataException)
            {
            }
        });
    }
}
