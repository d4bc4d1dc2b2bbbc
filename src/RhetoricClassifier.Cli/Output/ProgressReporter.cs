using System.Diagnostics;
using System.Globalization;

namespace RhetoricClassifier.Cli.Output;

/// <summary>
/// A one-line progress display on standard error (documents, sentences, sentences per second), shown only
/// when standard error is a terminal and <c>--quiet</c> was not given.
/// </summary>
internal sealed class ProgressReporter(bool enabled, long totalChars)
{
    private long _chars;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw;
    private long _sentences;
    private long _documents;

    /// <param name="quiet">Whether <c>--quiet</c> was given.</param>
    /// <param name="totalChars">About how many characters the input holds (file sizes), or 0 when unknown (standard input).</param>
    public static ProgressReporter Create(bool quiet, long totalChars) => new(!quiet && !Console.IsErrorRedirected, totalChars);

    public long Sentences => _sentences;

    public void Add(int documents, int sentences, long chars)
    {
        _chars += chars;
        _documents += documents;
        _sentences += sentences;
        if (enabled && _clock.ElapsedMilliseconds - _lastDraw >= 200)
        {
            _lastDraw = _clock.ElapsedMilliseconds;
            Draw();
        }
    }

    public void Finish()
    {
        if (enabled)
        {
            _chars = Math.Max(_chars, totalChars); // file sizes count bytes, progress counts characters
            Draw();
            Console.Error.WriteLine();
        }
    }

    private void Draw()
    {
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        string bar = "";
        if (totalChars > 0)
        {
            double done = Math.Clamp((double)_chars / totalChars, 0, 1);
            int filled = (int)(done * 30);
            bar = string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('-', 30 - filled)}] {done,4:P0} ");
        }

        Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r{bar}{_documents:N0} documents, {_sentences:N0} sentences, {_sentences / seconds:N0} sentences/s   "));
    }
}
