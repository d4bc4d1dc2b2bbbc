using RhetoricClassifier.Training;

namespace RhetoricClassifier;

/// <summary>
/// What a model file says about itself: format, provenance, decision thresholds and how well it did in
/// cross-validation. Stored as <c>manifest.json</c> inside the model zip.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>
    /// The format version this library writes and the newest it reads. Format 2 adds the ensemble's linear
    /// models (<c>linear/</c> entries) and the training options that describe them.
    /// </summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>Format version of the file.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Version of the library that trained the model.</summary>
    public string LibraryVersion { get; init; } = "";

    /// <summary>The tag ids the model predicts, in tag order.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Per tag id, the probability at or above which a sentence gets the tag.</summary>
    public IReadOnlyDictionary<string, float> Thresholds { get; init; } = new Dictionary<string, float>();

    /// <summary>The options the model was trained with.</summary>
    public TrainingOptions Training { get; init; } = TrainingOptions.Default;

    /// <summary>SHA-256 (hex) of the training data, as computed by <see cref="TrainingDataFingerprint.Compute"/>.</summary>
    public string TrainingDataSha256 { get; init; } = "";

    /// <summary>Number of training sentences.</summary>
    public int TrainingSetSize { get; init; }

    /// <summary>Number of n-gram features in the vocabulary.</summary>
    public int FeatureCount { get; init; }

    /// <summary>Out-of-fold metrics from k-fold cross-validation at the chosen thresholds.</summary>
    public EvaluationReport? CrossValidation { get; init; }

    /// <summary>When the model was trained (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; init; }

    /// <summary>The threshold of one tag.</summary>
    /// <param name="tag">The tag.</param>
    public float Threshold(RhetoricTag tag) => Thresholds[tag.Id()];
}
