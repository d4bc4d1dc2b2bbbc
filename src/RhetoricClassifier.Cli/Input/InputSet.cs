using System.Runtime.CompilerServices;
using RhetoricClassifier.Data;

namespace RhetoricClassifier.Cli.Input;

/// <summary>
/// The documents named on a <c>score</c> command line: text files, folders of <c>*.txt</c> and <c>*.md</c>
/// (recursively, in ordinal order of their paths), <c>.jsonl</c> files of <c>{"id","text"}</c> records,
/// and <c>-</c> for standard input. Every path is checked before anything is scored or written.
/// </summary>
internal sealed class InputSet
{
    private readonly List<(string Path, InputKind Kind)> _items;
    private readonly Shard _shard;

    private InputSet(List<(string Path, InputKind Kind)> items, Shard shard)
    {
        _items = items;
        _shard = shard;
    }

    public enum InputKind
    {
        TextFile,
        JsonLines,
        StandardInput,
    }

    /// <summary>Every file that will be read (not standard input), as full paths.</summary>
    public IEnumerable<string> FilePaths => _items.Where(i => i.Kind != InputKind.StandardInput).Select(i => Path.GetFullPath(i.Path));

    /// <summary>
    /// Checks every path and lists the files. With a <paramref name="shard"/>, only its documents are kept: text
    /// files are chosen here (by their path relative to the folder named), so the others are never read;
    /// <c>.jsonl</c> records are chosen by id as they are read.
    /// </summary>
    public static InputSet Resolve(IReadOnlyList<string> paths, Shard shard = default)
    {
        if (shard.Count == 0)
        {
            shard = Shard.All;
        }

        if (paths.Count == 0)
        {
            throw new UsageException("'score' needs at least one PATH: a text file, a folder, a .jsonl file, or - for standard input");
        }

        var items = new List<(string, InputKind)>();
        foreach (string path in paths)
        {
            if (path == "-")
            {
                if (shard.Contains("-"))
                {
                    items.Add((path, InputKind.StandardInput));
                }
            }
            else if (Directory.Exists(path))
            {
                var options = new EnumerationOptions
                {
                    RecurseSubdirectories = true,
                    IgnoreInaccessible = false,
                    // Symbolic links inside a folder are not followed: a link loop cannot trap the walk.
                    AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden | FileAttributes.System,
                    MatchCasing = MatchCasing.CaseInsensitive,
                };
                List<string> files;
                try
                {
                    files = Directory.EnumerateFiles(path, "*", options)
                        .Where(f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
                        .Order(StringComparer.Ordinal)
                        .ToList();
                }
                catch (Exception e) when (e is UnauthorizedAccessException or IOException)
                {
                    throw new UsageException($"{path}: cannot list the folder: {e.Message}");
                }

                if (files.Count == 0)
                {
                    throw new UsageException($"{path}: the folder has no .txt or .md files");
                }

                items.AddRange(files.Where(f => shard.Contains(Shard.FileIdentity(path, f))).Select(f => (f, InputKind.TextFile)));
            }
            else if (File.Exists(path))
            {
                bool jsonLines = path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
                if (jsonLines || shard.Contains(Shard.FileIdentity(null, path)))
                {
                    items.Add((path, jsonLines ? InputKind.JsonLines : InputKind.TextFile));
                }
            }
            else
            {
                throw new UsageException($"{path}: no such file or folder");
            }
        }

        return new InputSet(items, shard);
    }

    /// <summary>Reads the documents lazily, in order.</summary>
    public async IAsyncEnumerable<TextDocument> ReadAsync(bool skipBad, Action<string> warn, Action<int> countBad,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach ((string path, InputKind kind) in _items)
        {
            switch (kind)
            {
                case InputKind.StandardInput:
                    using (var reader = new StreamReader(Console.OpenStandardInput(), TextFileReader.LenientUtf8, detectEncodingFromByteOrderMarks: true))
                    {
                        yield return new TextDocument("-", await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
                    }

                    break;
                case InputKind.JsonLines:
                    FileStream stream = TextFileReader.Open(path);
                    await using (stream.ConfigureAwait(false))
                    {
                        Action<DataFormatException>? onBad = skipBad ? e => { warn($"skipped {e.Message}"); countBad(1); } : null;
                        await foreach (TextDocument d in DocumentJsonLinesReader.ReadAsync(stream, path, onBad, cancellationToken).ConfigureAwait(false))
                        {
                            if (_shard.Contains(d.Id))
                            {
                                yield return d;
                            }
                        }
                    }

                    break;
                default:
                    foreach (TextDocument d in TextFileReader.Read(path, warn, cancellationToken))
                    {
                        yield return d;
                    }

                    break;
            }
        }
    }
}
