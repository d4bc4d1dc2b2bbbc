using System.Runtime.CompilerServices;
using Microsoft.ML;
using RhetoricClassifier.Features;

namespace RhetoricClassifier.Models;

/// <summary>
/// ML.NET's per-tag transformers of a model (FastTree and, in an ensemble, logistic regression) and their
/// saved bytes, each side made from the other on first use. Thread-safe.
/// </summary>
/// <remarks>
/// Scoring and explaining never need ML.NET (the compiled forest holds everything they use), and loading ML.NET
/// costs a fifth of a second per process; so a model read from a file keeps only the entries' bytes, and ML.NET
/// is loaded only when the reference path (<see cref="PredictionEngineScorer"/>) asks for the transformers.
/// A freshly trained model has transformers and no bytes until it is saved. Every member that touches an ML.NET
/// type is here or in <see cref="MlNetInterop"/>/<see cref="PredictionEngineScorer"/>, so that the JIT and the
/// assembly loader never meet one on the scoring path.
/// </remarks>
internal sealed class MlNetModels
{
    private readonly object _gate = new();
    private readonly int _seed;
    private readonly int _featureCount;
    private byte[][]? _tagBytes;
    private byte[][]? _linearBytes;
    private object? _loaded; // Loaded, typed as object so that this class's layout names no ML.NET type

    private MlNetModels(int seed, int featureCount, int tagCount, bool hasLinear)
    {
        _seed = seed;
        _featureCount = featureCount;
        TagCount = tagCount;
        HasLinear = hasLinear;
    }

    /// <summary>The saved transformers of a model read from a file: the bytes of its <c>tags/</c> and <c>linear/</c> entries.</summary>
    /// <param name="seed">The training seed (the MLContext the transformers are loaded into is seeded with it).</param>
    /// <param name="featureCount">The vocabulary size: the transformers' input width.</param>
    /// <param name="tagBytes">Per tag, the FastTree entry's bytes.</param>
    /// <param name="linearBytes">Per tag, the linear entry's bytes, or <see langword="null"/> for FastTree alone.</param>
    public static MlNetModels FromBytes(int seed, int featureCount, byte[][] tagBytes, byte[][]? linearBytes)
        => new(seed, featureCount, tagBytes.Length, linearBytes is not null) { _tagBytes = tagBytes, _linearBytes = linearBytes };

    /// <summary>Transformers in memory (trained, or loaded from a format 1/2 file) and, when read from a file, their bytes.</summary>
    public static MlNetModels FromTransformers(MLContext context, int seed, int featureCount, IReadOnlyList<ITransformer> transformers,
        IReadOnlyList<ITransformer>? linearTransformers, byte[][]? tagBytes = null, byte[][]? linearBytes = null)
        => new(seed, featureCount, transformers.Count, linearTransformers is not null)
        {
            _loaded = new Loaded(context, transformers, linearTransformers),
            _tagBytes = tagBytes,
            _linearBytes = linearBytes,
        };

    /// <summary>Loads one saved transformer.</summary>
    public static ITransformer LoadTransformer(MLContext context, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return context.Model.Load(stream, out _);
    }

    /// <summary>
    /// A model core whose trees and weights are extracted from these transformers (trained, or read from a format
    /// 1/2 file, which has no compiled entry); the transformers are kept for the reference path and saving.
    /// </summary>
    public ModelCore ToCore(FeatureVocabulary vocabulary, double linearWeight)
    {
        Loaded loaded = Transformers();
        return new ModelCore(vocabulary, loaded.Tags.Select(MlNetInterop.Extract).ToList(),
            loaded.Linear?.Select(MlNetInterop.ExtractLinear).ToList(), linearWeight, this);
    }

    /// <summary>Number of tags.</summary>
    public int TagCount { get; }

    /// <summary>Whether there is a linear model per tag.</summary>
    public bool HasLinear { get; }

    /// <summary>The saved bytes of tag <paramref name="tag"/>'s FastTree (or, with <paramref name="linear"/>, logistic regression) model.</summary>
    public byte[] EntryBytes(int tag, bool linear)
    {
        lock (_gate)
        {
            if (_tagBytes is null)
            {
                Save();
            }

            return linear ? _linearBytes![tag] : _tagBytes![tag];
        }
    }

    /// <summary>The transformers, loaded into a fresh MLContext on first use.</summary>
    public MLContext Context => Transformers().Context;

    /// <summary>The FastTree transformer of each tag, in tag order.</summary>
    public IReadOnlyList<ITransformer> TagTransformers => Transformers().Tags;

    /// <summary>The linear transformer of each tag, or <see langword="null"/> for FastTree alone.</summary>
    public IReadOnlyList<ITransformer>? LinearTransformers => Transformers().Linear;

    private Loaded Transformers()
    {
        lock (_gate)
        {
            if (_loaded is null)
            {
                var context = new MLContext(_seed);
                _loaded = new Loaded(context, _tagBytes!.Select(b => LoadTransformer(context, b)).ToList(), _linearBytes?.Select(b => LoadTransformer(context, b)).ToList());
            }

            return (Loaded)_loaded;
        }
    }

    // Never inlined: inlined into EntryBytes (Release builds inline it), its use of ML.NET's types made the runtime load
    // Microsoft.ML.Core when EntryBytes was compiled, on the path that only returns bytes a loaded model already has
    // (MlNetIsolationTests, in a Release build).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Save()
    {
        var loaded = (Loaded)_loaded!;
        _tagBytes = loaded.Tags.Select(t => Save(loaded.Context, t)).ToArray();
        _linearBytes = loaded.Linear?.Select(t => Save(loaded.Context, t)).ToArray();
    }

    private byte[] Save(MLContext context, ITransformer transformer)
    {
        // ML.NET's saver needs a seekable stream.
        using var buffer = new MemoryStream();
        context.Model.Save(transformer, MlNetInterop.SchemaView(context, _featureCount), buffer);
        return buffer.ToArray();
    }

    private sealed record Loaded(MLContext Context, IReadOnlyList<ITransformer> Tags, IReadOnlyList<ITransformer>? Linear);
}
