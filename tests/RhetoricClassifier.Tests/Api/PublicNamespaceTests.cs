namespace RhetoricClassifier.Tests.Api;

public class PublicNamespaceTests
{
    [Fact]
    public void Every_public_type_of_the_library_is_in_the_one_RhetoricClassifier_namespace()
    {
        // One `using RhetoricClassifier;` must be enough to load, classify, analyse, batch-score, train, evaluate
        // and catch the documented exceptions (as with Microsoft.ML.Tokenizers).
        string[] elsewhere = typeof(RhetoricModel).Assembly.GetExportedTypes()
            .Where(t => t.Namespace != "RhetoricClassifier")
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Empty(elsewhere);
    }

    [Theory]
    [InlineData(typeof(RhetoricModel))]
    [InlineData(typeof(LabeledSentence))]
    [InlineData(typeof(TrainingOptions))]
    [InlineData(typeof(EvaluationReport))]
    [InlineData(typeof(BatchScorer))]
    [InlineData(typeof(RuleBasedSegmenter))]
    [InlineData(typeof(ModelFormatException))]
    [InlineData(typeof(DataFormatException))]
    [InlineData(typeof(TrainingDataException))]
    public void The_types_a_user_needs_are_public(Type type) => Assert.True(type.IsPublic);
}
