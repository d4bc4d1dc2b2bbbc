using RhetoricClassifier.Data;
using RhetoricClassifier.Models;
using RhetoricClassifier.Scoring;
using RhetoricClassifier.Segmentation;
using RhetoricClassifier.Training;

namespace RhetoricClassifier;

/// <summary>
/// A trained rhetoric classifier: load one (<see cref="LoadDefault"/>, <see cref="Load(string)"/>) or
/// train one (<see cref="Train"/>), then classify sentences, analyse documents or batch-score collections.
/// </summary>
/// <remarks>
/// A model is immutable once created. Every method is safe to call from any number of threads at once
/// on the same instance; each thread gets its own scratch buffers.
/// </remarks>
public sealed class RhetoricModel
{
    private const string DefaultResourceName = "RhetoricClassifier.default-model.zip";
    private static readonly Lazy<RhetoricModel> s_default = new(LoadDefaultCore, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ModelCore _core;
    private readonly float[] _thresholds;

    private RhetoricModel(ModelManifest manifest, ModelCore core, ISentenceSegmenter? segmenter = null)
    {
        Manifest = manifest;
        _core = core;
        _thresholds = RhetoricTags.ThresholdArray(manifest.Thresholds);
        Segmenter = segmenter ?? RuleBasedSegmenter.Default;
    }

    /// <summary>What the model file says about itself: provenance, thresholds, cross-validation metrics.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The sentence splitter <see cref="Analyze"/> and the batch scorer use.</summary>
    public ISentenceSegmenter Segmenter { get; }

    internal ModelCore Core => _core;

    /// <summary>Every how many sentences the scoring loops look at their cancellation token: often enough that one
    /// huge document stops within milliseconds, rarely enough that the check does not show in <c>rhetoric bench</c>.</summary>
    internal const int CancellationStride = 256;

    /// <summary>The same model with another segmenter (tests use it to act between segmentation and scoring).</summary>
    internal RhetoricModel WithSegmenter(ISentenceSegmenter segmenter) => new(Manifest, _core, segmenter);

    /// <summary>Whether this build of the library carries a built-in model.</summary>
    public static bool HasDefault => typeof(RhetoricModel).Assembly.GetManifestResourceInfo(DefaultResourceName) is not null;

    /// <summary>
    /// The built-in model trained on the corpus in <c>training-data/</c>, read from the assembly (never from
    /// disk). Loaded once and shared: repeated calls return the same instance.
    /// </summary>
    /// <exception cref="ModelFormatException">This build carries no built-in model.</exception>
    public static RhetoricModel LoadDefault() => s_default.Value;

    /// <summary>Loads a model file written by <see cref="Save(string)"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <exception cref="ModelFormatException">The file is missing (its <see cref="Exception.InnerException"/> is then a
    /// <see cref="FileNotFoundException"/>), empty, truncated, foreign, or of a newer format.</exception>
    public static RhetoricModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new ModelFormatException(path, "this is a folder, not a model file");
        }

        if (!File.Exists(path))
        {
            throw new ModelFormatException(path, "file not found", new FileNotFoundException("The model file does not exist.", path));
        }

        try
        {
            // A pipe (--model <(cat m.zip)) cannot tell its length: Load(Stream) copies it, under a cap.
            using FileStream stream = File.OpenRead(path);
            if (stream.CanSeek && stream.Length == 0)
            {
                // A character device (/dev/zero, /dev/urandom) seeks and reports no length, yet has bytes:
                // read it as a stream, which is refused at its first bytes when they are not a zip.
                int first = stream.ReadByte();
                if (first < 0)
                {
                    throw new ModelFormatException(path, "the file is empty");
                }

                return Load(new Data.PrefixedStream([(byte)first], stream), path);
            }

            return Load(stream, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(path, $"cannot read the file: {e.Message}", e);
        }
    }

    /// <summary>Loads a model from a stream.</summary>
    /// <remarks>A stream that cannot seek (a pipe, a network response) is copied into memory first, up to 512 MiB;
    /// a longer one is refused.</remarks>
    /// <param name="stream">A readable stream holding a model zip.</param>
    /// <param name="sourceName">A name for error messages (a path or URL); defaults to "stream".</param>
    /// <exception cref="ModelFormatException">The stream does not hold a valid model.</exception>
    public static RhetoricModel Load(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        sourceName ??= "stream";
        Stream seekable = stream;
        MemoryStream? copy = null;
        if (!stream.CanSeek)
        {
            copy = ModelFile.CopyToMemory(stream, sourceName);
            seekable = copy;
        }

        using (copy)
        {
            if (seekable.Length - seekable.Position == 0)
            {
                throw new ModelFormatException(sourceName, "the model is empty");
            }

            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            (ModelManifest manifest, ModelCore core) = ModelFile.Read(seekable, sourceName);
            Diagnostics.RhetoricMetrics.Loaded(started, sourceName);
            return new RhetoricModel(manifest, core);
        }
    }

    /// <summary>
    /// Trains a model: k-fold cross-validation (reported in <see cref="ModelManifest.CrossValidation"/>),
    /// per-tag thresholds that maximise out-of-fold F1, then a final fit on all the data. Deterministic for
    /// a given data order and <see cref="TrainingOptions.Seed"/>.
    /// </summary>
    /// <remarks>
    /// Sentences that are exact duplicates after normalisation are kept in one cross-validation fold, and the
    /// training set's duplicates are counted in a warning in <see cref="EvaluationReport.Warnings"/> of
    /// <see cref="ModelManifest.CrossValidation"/>, also reported to <paramref name="progress"/> as a line starting
    /// with "warning: ".
    /// </remarks>
    /// <param name="data">Labelled sentences.</param>
    /// <param name="options">Training options, or <see langword="null"/> for <see cref="TrainingOptions.Default"/>.</param>
    /// <param name="progress">Receives a line per stage, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels training within moments at any stage: while reading and featurising the
    /// sentences, between and inside the FastTree and L-BFGS fits, and between cross-validation folds.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="TrainingDataException">A tag has no positive (or no negative) example, the set is too small (or has too
    /// few distinct sentences), or it has more than 300,000 sentences (training needs about 10 KB of memory per sentence).</exception>
    public static RhetoricModel Train(IEnumerable<LabeledSentence> data, TrainingOptions? options = null,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        (ModelManifest manifest, ModelCore core) = ModelTrainer.Train(data.ToList(), options ?? TrainingOptions.Default, progress, cancellationToken);
        return new RhetoricModel(manifest, core);
    }

    /// <summary>
    /// Writes the model to <paramref name="path"/> through a temporary file in the same folder that is
    /// renamed at the end, so a crash never leaves half a model under that name.
    /// </summary>
    /// <param name="path">The model file to write; replaced if it exists.</param>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                Save(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Writes the model to a stream.</summary>
    /// <param name="stream">A writable stream.</param>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ModelFile.Write(stream, Manifest, _core);
    }

    /// <summary>
    /// Classifies one sentence as a whole, without splitting it. The model was trained on single sentences: for
    /// text that may hold several (a paragraph, a document), use <see cref="Analyze"/>, which splits it and tags
    /// each sentence; classifying a whole paragraph at once blurs the tags of its sentences together.
    /// </summary>
    /// <param name="sentence">The sentence.</param>
    public SentenceClassification Classify(ReadOnlySpan<char> sentence)
    {
        Diagnostics.RhetoricMetrics.Scored(0, 1);
        return Classify(sentence, ScoringWorkspace.ForCurrentThread(_core.Forest));
    }

    /// <summary>Classifies one sentence on a workspace the caller already holds (the batch scorer's per-batch one).</summary>
    internal SentenceClassification Classify(ReadOnlySpan<char> sentence, ScoringWorkspace workspace)
    {
        Span<float> p = stackalloc float[RhetoricTags.Count];
        workspace.Score(sentence, p);
        return new SentenceClassification(RhetoricTags.Decide(p, _thresholds), new TagScores(p[0], p[1], p[2]));
    }

    /// <summary>
    /// Classifies one sentence as a whole, without splitting it. The model was trained on single sentences: for
    /// text that may hold several (a paragraph, a document), use <see cref="Analyze"/>, which splits it and tags
    /// each sentence; classifying a whole paragraph at once blurs the tags of its sentences together.
    /// </summary>
    /// <param name="sentence">The sentence.</param>
    public SentenceClassification Classify(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return Classify(sentence.AsSpan());
    }

    /// <summary>
    /// Explains one sentence (no splitting): for each tag, the log-odds of the empty sentence and each
    /// word's exact Shapley share of the rest, so that <see cref="TagExplanation.Base"/> plus the word
    /// weights equals ln(p / (1 - p)) of that tag's probability p.
    /// </summary>
    /// <remarks>
    /// Computed only when asked: tens to hundreds of times the cost of <see cref="Classify(string)"/>
    /// (see benchmarks/README.md), and <see cref="Classify(string)"/> and the batch scorer never pay for it.
    /// </remarks>
    /// <param name="sentence">The sentence.</param>
    public SentenceExplanation Explain(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        SentenceClassification c = Classify(sentence.AsSpan());
        return new SentenceExplanation(sentence, c, _core.Explainer.Explain(sentence, c.Scores));
    }

    /// <inheritdoc cref="Explain(string)"/>
    public SentenceExplanation Explain(ReadOnlySpan<char> sentence)
    {
        SentenceClassification c = Classify(sentence);
        return new SentenceExplanation(sentence.ToString(), c, _core.Explainer.Explain(sentence, c.Scores));
    }

    /// <summary>
    /// Splits a document into sentences with <see cref="Segmenter"/> and tags each one, with offsets into
    /// <paramref name="text"/> and a per-document summary. Use this for any text that may hold more than one
    /// sentence; use <see cref="Classify(string)"/> when you already have single sentences, and
    /// <see cref="CreateBatchScorer"/> (or <see cref="AnalyzeMany"/>) for many documents on all cores.
    /// </summary>
    /// <param name="text">The document text.</param>
    /// <param name="id">An optional id reported back in the result.</param>
    /// <param name="cancellationToken">Checked while the text is split and every few hundred sentences while they are
    /// scored, so that cancelling during a document of millions of characters takes effect at once, not at its end.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public DocumentAnalysis Analyze(string text, string? id = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = new List<SentenceSpan>();
        Segmenter.Segment(text, spans, cancellationToken);
        var scored = new ScoredSentence[spans.Count];
        ScoringWorkspace workspace = ScoringWorkspace.ForCurrentThread(_core.Forest);
        for (int i = 0; i < spans.Count; i++)
        {
            if (i % CancellationStride == CancellationStride - 1)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            SentenceSpan s = spans[i];
            ReadOnlyMemory<char> sentence = text.AsMemory(s.Start, s.Length);
            SentenceClassification c = Classify(sentence.Span, workspace);
            scored[i] = new ScoredSentence(id ?? "", 0, i, s.Start, s.Length, sentence, c.Tags, c.Scores);
        }

        Diagnostics.RhetoricMetrics.Scored(1, scored.Length);
        return ToAnalysis(id, scored);
    }

    /// <summary>One document's analysis from its scored sentences (shared with the batch scorer's <see cref="AnalyzeMany"/>).</summary>
    internal static DocumentAnalysis ToAnalysis(string? id, ReadOnlySpan<ScoredSentence> sentences)
    {
        var analyzed = new List<AnalyzedSentence>(sentences.Length);
        foreach (ref readonly ScoredSentence s in sentences)
        {
            analyzed.Add(new AnalyzedSentence(s.Index, s.Start, s.Length, s.Text.ToString(), s.Tags, s.Scores));
        }

        return new DocumentAnalysis(id, analyzed, DocumentSummary.FromTags(analyzed.Select(s => s.Tags)));
    }

    /// <summary>
    /// Analyses many documents in parallel on the batch scorer, yielding one analysis per document in input order.
    /// </summary>
    /// <param name="documents">The documents.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IEnumerable<DocumentAnalysis> AnalyzeMany(IEnumerable<TextDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return CreateBatchScorer().ScoreDocuments(documents, cancellationToken);
    }

    /// <summary>Creates a parallel, streaming scorer for large collections.</summary>
    /// <param name="options">Options, or <see langword="null"/> for <see cref="BatchScorerOptions.Default"/>.</param>
    public BatchScorer CreateBatchScorer(BatchScorerOptions? options = null) => new(this, options ?? BatchScorerOptions.Default);

    /// <summary>Scores labelled sentences (each as one sentence, without splitting) and compares with their labels.</summary>
    /// <param name="data">Labelled sentences.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    public EvaluationReport Evaluate(IEnumerable<LabeledSentence> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var labels = new List<TagSet>();
        var predictions = new List<TagSet>();
        foreach (LabeledSentence s in data)
        {
            cancellationToken.ThrowIfCancellationRequested();
            labels.Add(s.Labels);
            predictions.Add(Classify(s.Text).Tags);
        }

        return EvaluationReport.Compute(labels, predictions);
    }

    private static RhetoricModel LoadDefaultCore()
    {
        using Stream? stream = typeof(RhetoricModel).Assembly.GetManifestResourceStream(DefaultResourceName);
        if (stream is null)
        {
            throw new ModelFormatException("built-in model", "this build of RhetoricClassifier carries no built-in model; pass a model file (train one with 'rhetoric train')");
        }

        return Load(stream, "built-in model");
    }
}
