using RhetoricClassifier.Data;
using RhetoricClassifier.Training;

namespace RhetoricClassifier.Tests;

/// <summary>A model trained once on the small fixture, shared by the tests that need a trained model.</summary>
public sealed class SmallModelFixture
{
    public static readonly TrainingOptions FastOptions = new()
    {
        Folds = 3,
        NumberOfTrees = 60,
        NumberOfLeaves = 8,
        MinimumExampleCountPerLeaf = 2,
        MinDocumentFrequency = 1,
        LearningRate = 0.2,
        FeatureFraction = 1.0,
    };

    public SmallModelFixture()
    {
        Data = LabeledDataReader.ReadFile(FixturePath("small.jsonl"));
        Model = RhetoricModel.Train(Data, FastOptions);
    }

    public IReadOnlyList<LabeledSentence> Data { get; }

    public RhetoricModel Model { get; }

    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}

[CollectionDefinition(Name)]
public sealed class SmallModelCollection : ICollectionFixture<SmallModelFixture>
{
    public const string Name = "small model";
}
