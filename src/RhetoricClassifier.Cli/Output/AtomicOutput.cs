namespace RhetoricClassifier.Cli.Output;

/// <summary>
/// Standard output, or a file written under a temporary name in the same folder and renamed over the
/// final name only by <see cref="CommitAsync"/>. Disposing without committing deletes the temporary file, so
/// a failed or interrupted run never leaves a half-written file under the name the user asked for.
/// </summary>
internal sealed class AtomicOutput : IAsyncDisposable
{
    private readonly string? _path;
    private readonly string? _temp;
    private bool _committed;

    private AtomicOutput(Stream stream, string? path, string? temp)
    {
        Stream = stream;
        _path = path;
        _temp = temp;
    }

    public Stream Stream { get; }

    public static AtomicOutput Open(string? path)
    {
        if (path is null || path == "-")
        {
            return new AtomicOutput(Console.OpenStandardOutput(), null, null);
        }

        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (Directory.Exists(full))
        {
            throw new UsageException($"{path}: --output names a folder");
        }

        if (dir is null || !Directory.Exists(dir))
        {
            throw new UsageException($"{path}: the output folder does not exist");
        }

        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            return new AtomicOutput(stream, full, temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: cannot write the output: {e.Message}");
        }
    }

    public async Task CommitAsync()
    {
        await Stream.FlushAsync().ConfigureAwait(false);
        if (_path is not null)
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
            File.Move(_temp!, _path, overwrite: true);
        }

        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_path is null)
        {
            await Stream.FlushAsync().ConfigureAwait(false);
            return;
        }

        await Stream.DisposeAsync().ConfigureAwait(false);
        if (!_committed && File.Exists(_temp))
        {
            File.Delete(_temp!);
        }
    }
}
