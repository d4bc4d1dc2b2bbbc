using System.Runtime.CompilerServices;
using RhetoricClassifier.Data;
using RhetoricClassifier.Segmentation;

namespace RhetoricClassifier.Cli.Input;

/// <summary>
/// The documents named on a <c>score</c> command line: text files, web pages, PDFs and Word files, folders
/// of them (recursively, in ordinal order of their paths, narrowed by include and exclude globs),
/// <c>.jsonl</c> files of <c>{"id","text"}</c> records, and <c>-</c> for standard input. Every path is
/// checked before anything is scored or written.
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

        /// <summary>A web page, PDF or Word file, read by <see cref="DocumentReader"/>.</summary>
        Document,
    }

    /// <summary>The files and their kinds, in order (standard input as "-").</summary>
    public IReadOnlyList<(string Path, InputKind Kind)> Items => _items;

    /// <summary>Every file that will be read (not standard input), as full paths.</summary>
    public IEnumerable<string> FilePaths => _items.Where(i => i.Kind != InputKind.StandardInput).Select(i => Path.GetFullPath(i.Path));

    /// <summary>
    /// Checks every path and lists the files. With a <paramref name="shard"/>, only its documents are kept: text
    /// files are chosen here (by their path relative to the folder named), so the others are never read;
    /// <c>.jsonl</c> records are chosen by id as they are read.
    /// </summary>
    /// <param name="paths">The paths named on the command line.</param>
    /// <param name="warn">Receives warnings (files skipped or named twice).</param>
    /// <param name="shard">The shard to keep, or default for all.</param>
    /// <param name="folderOptions">Include and exclude globs for folder walks.</param>
    public static InputSet Resolve(IReadOnlyList<string> paths, Action<string> warn, Shard shard = default, DocumentReaderOptions? folderOptions = null)
    {
        folderOptions ??= DocumentReaderOptions.Default;
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
                List<string> files = DocumentReader.ListFolder(path, folderOptions);
                if (files.Count == 0)
                {
                    throw new UsageException($"{path}: the folder has no {string.Join(" ", DocumentReader.SupportedExtensions)} files"
                        + (folderOptions.Include.Count + folderOptions.Exclude.Count > 0 ? " that pass --include and --exclude" : ""));
                }

                // A name that is not valid UTF-8 comes back with U+FFFD in it and cannot be opened by that
                // name: skip such files with a warning rather than abort the whole folder.
                foreach (string unreadable in files.Where(f => !File.Exists(f)).ToList())
                {
                    warn($"{unreadable}: skipped: the file name is not valid UTF-8 (rename the file to score it)");
                    files.Remove(unreadable);
                }

                items.AddRange(files.Where(f => shard.Contains(Shard.FileIdentity(path, f))).Select(f => (f, KindOf(f))));
            }
            else if (File.Exists(path))
            {
                bool jsonLines = path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
                if (jsonLines || shard.Contains(Shard.FileIdentity(null, path)))
                {
                    items.Add((path, KindOf(path)));
                }
            }
            else
            {
                throw new UsageException($"{path}: no such file or folder");
            }
        }

        return new InputSet(Distinct(items, warn), shard);
    }

    // A file named twice (twice on the command line, or alone and inside a folder, or by a link) is scored once.
    private static List<(string Path, InputKind Kind)> Distinct(List<(string Path, InputKind Kind)> items, Action<string> warn)
    {
        var seen = new HashSet<(ulong, ulong)>();
        var result = new List<(string, InputKind)>(items.Count);
        foreach (var item in items)
        {
            if (item.Kind != InputKind.StandardInput && Output.FileIdentity.Of(item.Path) is { } id && !seen.Add((id.Device, id.Inode)))
            {
                warn($"{item.Path}: named more than once; scored once");
                continue;
            }

            result.Add(item);
        }

        return result;
    }

    /// <summary>The <c>--include</c> and <c>--exclude</c> globs of a command line, for folder walks.</summary>
    public static DocumentReaderOptions FolderOptions(CommandArgs cl) => new()
    {
        Include = [.. cl.All("--include")],
        Exclude = [.. cl.All("--exclude")],
    };

    private static InputKind KindOf(string path) => path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
        ? InputKind.JsonLines
        : DocumentReader.FormatOf(path) is DocumentFileFormat.Html or DocumentFileFormat.Pdf or DocumentFileFormat.Docx ? InputKind.Document : InputKind.TextFile;

    /// <summary>
    /// Reads a web page, PDF or Word file in parts of whole blocks (large web pages come in several, so memory
    /// stays bounded), each with its offset in the extracted text. With <paramref name="skipBad"/>, a bad file
    /// is a warning and yields nothing.
    /// </summary>
    public static IEnumerable<(TextDocument Part, long Offset)> ReadDocumentParts(string path, bool skipBad, Action<string> warn, Action<int> countBad, CancellationToken cancellationToken)
    {
        var reader = DocumentReader.Create(new DocumentReaderOptions { OnWarning = warn });
        using var parts = reader.ReadParts(path, TextFileReader.BlockChars, cancellationToken).GetEnumerator();
        while (true)
        {
            try
            {
                if (!parts.MoveNext())
                {
                    break;
                }
            }
            catch (DocumentReadException e) when (skipBad)
            {
                warn($"skipped {e.Message}");
                countBad(1);
                break;
            }

            yield return parts.Current;
        }
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
                    if (StandardStreams.StandardInputWasClosed())
                    {
                        throw new UsageException("-: standard input is closed (rhetoric was started with it closed, as by <&-); nothing to read");
                    }

                    // Streamed in parts like a large file: endless input (/dev/zero, a runaway producer) cannot exhaust memory.
                    using (Stream stdin = Console.OpenStandardInput())
                    {
                        foreach (TextDocument d in TextFileReader.Read(stdin, "-", warn, cancellationToken))
                        {
                            yield return d;
                        }
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
                case InputKind.Document:
                    // Parts of a large page are numbered on like the parts of a large text file. The sentences of
                    // a part are counted only when another part follows, so a page in one part is never segmented twice.
                    int firstSentence = 0;
                    TextDocument? previous = null;
                    foreach ((TextDocument part, long offset) in ReadDocumentParts(path, skipBad, warn, countBad, cancellationToken))
                    {
                        if (previous is not null)
                        {
                            firstSentence += RuleBasedSegmenter.Default.Segment(previous.Text).Count;
                        }

                        TextFileReader.SetPart(part, new TextFileReader.PartInfo(offset, firstSentence));
                        previous = part;

                        // A scan without a text layer has been warned about and has nothing to score.
                        if (part.Text.Length > 0)
                        {
                            yield return part;
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
