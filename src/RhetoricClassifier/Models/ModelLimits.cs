namespace RhetoricClassifier.Models;

/// <summary>
/// The sizes past which a model file is refused rather than read, checked before reading (each entry's declared
/// uncompressed size) and while reading (the bytes actually produced), so that a damaged or hostile model (a
/// zip bomb, a 3 GB vocabulary line) cannot make memory grow without bound. Documented in the README
/// ("Limits and safety"). The built-in model is about a tenth of a megabyte uncompressed.
/// </summary>
internal static class ModelLimits
{
    /// <summary>Largest <c>manifest.json</c> (1 MiB; a real one is about 2 KB).</summary>
    public const int MaxManifestBytes = 1 << 20;

    /// <summary>Largest <c>vocabulary.txt</c> (64 MiB).</summary>
    public const int MaxVocabularyBytes = 64 << 20;

    /// <summary>Longest vocabulary line, in bytes (4 KiB; an n-gram is a few words, a cue lexicon a few hundred).</summary>
    public const int MaxVocabularyLineBytes = 4 << 10;

    /// <summary>Largest <c>compiled.bin</c> or ML.NET model entry (256 MiB).</summary>
    public const int MaxLearnerEntryBytes = 256 << 20;

    /// <summary>
    /// Most bytes read from a non-seekable model stream (a pipe, <c>--model &lt;(cat m.zip)</c>), which is
    /// copied into memory because a zip is read from its end (512 MiB).
    /// </summary>
    public const int MaxStreamedModelBytes = 512 << 20;
}
