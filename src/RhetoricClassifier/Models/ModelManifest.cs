using System.Text.Json.Serialization;
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
    /// models (<c>linear/</c> entries) and the training options that describe them. Format 3 adds
    /// <c>compiled.bin</c>, the learners in a form read without ML.NET, and the SHA-256 and length of every entry.
    /// Formats 1 and 2 still load, through ML.NET (slower to start) and without the entry hashes.
    /// </summary>
    public const int CurrentFormatVersion = 3;

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

    /// <summary>
    /// Format 3: per entry name (other than <c>manifest.json</c>), its SHA-256 and uncompressed length, checked
    /// before the entry is used. Internal: written and checked by the model file code only.
    /// </summary>
    [JsonInclude]
    [JsonPropertyName("entries")]
    internal IReadOnlyDictionary<string, ModelEntryHash>? Entries { get; init; }

    /// <summary>The threshold of one tag.</summary>
    /// <param name="tag">The tag.</param>
    public float Threshold(RhetoricTag tag) => Thresholds[tag.Id()];
}

/// <summary>What the manifest records of one entry of a format-3 model file.</summary>
/// <param name="Sha256">SHA-256 of the uncompressed bytes, lowercase hex.</param>
/// <param name="Length">Uncompressed length in bytes.</param>
internal sealed record ModelEntryHash(string Sha256, long Length);
