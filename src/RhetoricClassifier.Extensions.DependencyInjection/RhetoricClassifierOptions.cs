namespace RhetoricClassifier;

/// <summary>
/// Which model a registration serves and how it follows changes to its file. Bound from configuration
/// (for example the <c>RhetoricClassifier</c> section of <c>appsettings.json</c>) or set in code.
/// </summary>
public sealed class RhetoricClassifierOptions
{
    /// <summary>
    /// The name of the <see cref="System.Diagnostics.Metrics.Meter"/> the library reports to: sentences and
    /// documents scored (<c>rhetoric.sentences.scored</c>, <c>rhetoric.documents.scored</c>) and model load time
    /// (<c>rhetoric.model.load.duration</c>, seconds). Add it to OpenTelemetry with <c>AddMeter(MeterName)</c>.
    /// </summary>
    public const string MeterName = "RhetoricClassifier";

    /// <summary>
    /// The model file to serve, as written by <c>rhetoric train</c> or <see cref="RhetoricModel.Save(string)"/>.
    /// <see langword="null"/> or empty serves the built-in model.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// Reload the model when its file changes (replaced, renamed into place or rewritten). On by default, as
    /// with ML.NET's <c>PredictionEnginePool.FromFile(..., watchForChanges: true)</c>. A file that fails to load
    /// is logged and the previous model keeps serving. Ignored for the built-in model.
    /// </summary>
    public bool WatchForChanges { get; set; } = true;

    /// <summary>
    /// How long the file must stay quiet before it is reloaded, so that a file written in several steps is
    /// read once, complete. Defaults to 500 ms.
    /// </summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
