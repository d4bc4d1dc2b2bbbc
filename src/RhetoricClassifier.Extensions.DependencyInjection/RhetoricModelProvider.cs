using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace RhetoricClassifier;

/// <summary>
/// Serves the models registered with <c>AddRhetoricClassifier</c>, by name: each is loaded once, on first use,
/// and replaced as a whole when its file changes. Inject this (rather than <see cref="RhetoricModel"/> itself)
/// into singletons and other long-lived services, so that they see reloads.
/// </summary>
/// <remarks>
/// Thread safety: every member may be called from any number of threads. A reload builds the new model
/// completely and then swaps one reference, so a caller gets either the old model or the new one, never a
/// mixture; a model already handed out stays valid (models are immutable).
/// </remarks>
public sealed partial class RhetoricModelProvider : IDisposable
{
    private readonly IOptionsMonitor<RhetoricClassifierOptions> _options;
    private readonly ILogger _logger;
    private readonly HashSet<string> _names;
    private readonly ConcurrentDictionary<string, Lazy<Entry>> _entries = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    internal RhetoricModelProvider(IOptionsMonitor<RhetoricClassifierOptions> options, IEnumerable<RhetoricModelRegistration> registrations,
        ILogger<RhetoricModelProvider>? logger = null)
    {
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _names = new HashSet<string>(registrations.Select(r => r.Name), StringComparer.Ordinal);
    }

    /// <summary>The names of the registered models (<see cref="Options.DefaultName"/>, the empty string, for the unnamed one).</summary>
    public IReadOnlyCollection<string> Names => _names;

    /// <summary>The current model of a registration, loading it on first use.</summary>
    /// <param name="name">The registration's name; <see langword="null"/> for the unnamed registration.</param>
    /// <exception cref="ArgumentException">No model is registered under <paramref name="name"/>.</exception>
    /// <exception cref="ModelFormatException">The model file is missing or not a valid model (on first load).</exception>
    public RhetoricModel GetModel(string? name = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        name ??= Options.DefaultName;
        if (!_names.Contains(name))
        {
            throw new ArgumentException(
                $"No RhetoricClassifier model is registered as '{name}'; registered: {string.Join(", ", _names.Select(n => n.Length == 0 ? "(default)" : n))}.",
                nameof(name));
        }

        Lazy<Entry> lazy = _entries.GetOrAdd(name, n => new Lazy<Entry>(() => Open(n), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value.Model;
        }
        catch
        {
            // A failed first load is not cached: the next call tries again (the file may appear later).
            _entries.TryRemove(new KeyValuePair<string, Lazy<Entry>>(name, lazy));
            throw;
        }
    }

    /// <summary>Stops watching model files.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (Lazy<Entry> e in _entries.Values)
        {
            if (e.IsValueCreated)
            {
                e.Value.Dispose();
            }
        }
    }

    private Entry Open(string name)
    {
        RhetoricClassifierOptions options = _options.Get(name);
        string? path = string.IsNullOrEmpty(options.ModelPath) ? null : Path.GetFullPath(options.ModelPath);
        RhetoricModel model = Load(name, path, reload: false);
        var entry = new Entry(this, name, path, model, options.ReloadDelay);
        if (path is not null && options.WatchForChanges)
        {
            entry.Watch();
        }

        return entry;
    }

    private RhetoricModel Load(string name, string? path, bool reload)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        RhetoricModel model = path is null ? RhetoricModel.LoadDefault() : RhetoricModel.Load(path);
        double ms = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return model;
        }

        string display = DisplayName(name);
        string source = path ?? "built-in model";
        if (reload)
        {
            LogReloaded(display, source, ms);
        }
        else
        {
            LogLoaded(display, source, ms, model.Manifest.TrainingDataSha256);
        }

        return model;
    }

    private static string DisplayName(string name) => name.Length == 0 ? "(default)" : name;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Loaded RhetoricClassifier model {Name} from {Source} in {ElapsedMs:0.0} ms (training data {TrainingDataHash})")]
    private partial void LogLoaded(string name, string source, double elapsedMs, string trainingDataHash);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Reloaded RhetoricClassifier model {Name} from {Source} in {ElapsedMs:0.0} ms")]
    private partial void LogReloaded(string name, string source, double elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "RhetoricClassifier model {Name} changed on disk but could not be reloaded; the previous model keeps serving")]
    private partial void LogReloadFailed(string name, Exception exception);

    /// <summary>One registration's current model and the watcher that replaces it.</summary>
    private sealed class Entry(RhetoricModelProvider owner, string name, string? path, RhetoricModel model, TimeSpan delay) : IDisposable
    {
        private RhetoricModel _model = model;
        private FileSystemWatcher? _watcher;
        private Timer? _timer;

        public RhetoricModel Model => Volatile.Read(ref _model);

        public void Watch()
        {
            // Watch the folder, not the file: tools replace a model by writing a temporary file and renaming it
            // over the old one, which a watch on the file itself would lose.
            _timer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path)!)
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => Schedule();
            _watcher.Created += (_, _) => Schedule();
            _watcher.Renamed += (_, _) => Schedule();
            _watcher.EnableRaisingEvents = true;
        }

        private void Schedule() => _timer?.Change(delay, Timeout.InfiniteTimeSpan);

        private void Reload()
        {
            if (owner._disposed || !File.Exists(path))
            {
                return;
            }

            try
            {
                Volatile.Write(ref _model, owner.Load(name, path, reload: true));
            }
            catch (Exception e) when (e is ModelFormatException or IOException or UnauthorizedAccessException)
            {
                string display = DisplayName(name);
                owner.LogReloadFailed(display, e);
            }
        }

        public void Dispose()
        {
            _watcher?.Dispose();
            _timer?.Dispose();
        }
    }
}
