using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.FileSystemGlobbing;

namespace RhetoricClassifier;

/// <summary>
/// Reads statements as published (web pages, PDFs, Word files, plain text) into the
/// <see cref="TextDocument"/>s the scorer takes, keeping only the text a person reads on the page:
/// navigation, cookie banners, scripts, running headers and page numbers are left out. Blocks
/// (paragraphs, headings, list items, table cells, quotes) are separated by a blank line, so each one
/// ends a sentence; sentence offsets then refer to this extracted text.
/// </summary>
/// <remarks>
/// <para>Create one with <see cref="Create"/> or use <see cref="Default"/>. Instances are immutable and safe
/// to use from any number of threads at once.</para>
/// <para>Memory: web pages are read in chunks, so peak memory grows with the extracted text, not with the
/// markup (the <c>rhetoric</c> tool goes further and hands a large page on in parts); Word files are read
/// forward in the same way (their uncompressed body is capped at 256 MiB, so a zip bomb is refused); PDFs are
/// loaded whole by their library.</para>
/// </remarks>
public sealed class DocumentReader
{
    private static readonly Dictionary<string, DocumentFileFormat> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = DocumentFileFormat.PlainText,
        [".md"] = DocumentFileFormat.Markdown,
        [".html"] = DocumentFileFormat.Html,
        [".htm"] = DocumentFileFormat.Html,
        [".pdf"] = DocumentFileFormat.Pdf,
        [".docx"] = DocumentFileFormat.Docx,
    };

    private readonly DocumentReaderOptions _options;

    private DocumentReader(DocumentReaderOptions options) => _options = options;

    /// <summary>A reader with <see cref="DocumentReaderOptions.Default"/>.</summary>
    public static DocumentReader Default { get; } = new(DocumentReaderOptions.Default);

    /// <summary>The extensions a folder walk picks up: <c>.txt .md .html .htm .pdf .docx</c>.</summary>
    public static IReadOnlyCollection<string> SupportedExtensions => Extensions.Keys;

    /// <summary>The options this reader was created with.</summary>
    public DocumentReaderOptions Options => _options;

    /// <summary>Creates a reader.</summary>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    public static DocumentReader Create(DocumentReaderOptions? options = null)
        => options is null ? Default : new DocumentReader(options);

    /// <summary>The format of a file, from its extension, or <see langword="null"/> when it is not supported.</summary>
    /// <param name="path">A file path or name.</param>
    public static DocumentFileFormat? FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Extensions.TryGetValue(Path.GetExtension(path), out DocumentFileFormat f) ? f : null;
    }

    /// <summary>Reads one file; its format comes from its extension. The document's id is <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels reading between blocks or chunks.</param>
    /// <exception cref="DocumentReadException">The file is missing, unreadable, damaged, encrypted or of an unsupported type.</exception>
    public TextDocument Read(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        DocumentFileFormat format = FormatOf(path)
            ?? throw new DocumentReadException(path, $"unsupported file type '{Path.GetExtension(path)}' (supported: {string.Join(" ", SupportedExtensions)})");
        using FileStream stream = OpenFile(path);
        return new TextDocument(path, Extract(stream, format, path, cancellationToken));
    }

    /// <summary>
    /// Reads a document from a stream (which is not disposed). PDF and DOCX streams that cannot seek are
    /// buffered in memory first; web pages and text are read from the stream as they arrive.
    /// </summary>
    /// <param name="stream">The document's bytes.</param>
    /// <param name="format">What the bytes are.</param>
    /// <param name="id">The id to give the document (and to name it in errors and warnings); default "-".</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <exception cref="DocumentReadException">The content is damaged, encrypted or not of <paramref name="format"/>.</exception>
    public async Task<TextDocument> ReadAsync(Stream stream, DocumentFileFormat format, string id = "-", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(id);
        Stream source = stream;
        MemoryStream? buffer = null;

        // PdfPig and the OpenXml SDK need to seek; a non-seekable PDF or DOCX stream is buffered first.
        // Web pages and text are read front to back, in bounded memory, straight from the stream.
        if (!stream.CanSeek && format is DocumentFileFormat.Pdf or DocumentFileFormat.Docx)
        {
            buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            buffer.Position = 0;
            source = buffer;
        }

        using (buffer)
        {
            return new TextDocument(id, Extract(source, format, id, cancellationToken));
        }
    }

    /// <summary>
    /// Reads every supported file under <paramref name="folder"/> (recursively, in ordinal order of the paths,
    /// symbolic links not followed), narrowed by <see cref="DocumentReaderOptions.Include"/> and
    /// <see cref="DocumentReaderOptions.Exclude"/>. Files are read one at a time, as the caller asks for them.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <exception cref="DocumentReadException">The folder is missing, or a file is bad and <see cref="DocumentReaderOptions.SkipBad"/> is off.</exception>
    public async IAsyncEnumerable<TextDocument> ReadFolderAsync(string folder, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        foreach (string path in ListFolder(folder, _options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            TextDocument? document = null;
            try
            {
                FileStream stream = OpenFile(path);
                await using (stream.ConfigureAwait(false))
                {
                    document = new TextDocument(path, Extract(stream, FormatOf(path)!.Value, path, cancellationToken));
                }
            }
            catch (DocumentReadException e) when (_options.SkipBad)
            {
                _options.OnWarning?.Invoke($"skipped {e.Message}");
            }

            if (document is not null)
            {
                yield return document;
            }
        }
    }

    /// <summary>
    /// Reads one file in parts of whole blocks (web pages and Word files; other formats are one part), each with its
    /// offset in the document's text, for callers that must keep memory bounded on very large pages.
    /// The document's text is the parts joined with a blank line.
    /// </summary>
    internal IEnumerable<(TextDocument Part, long Offset)> ReadParts(string path, int partChars, CancellationToken cancellationToken)
    {
        DocumentFileFormat? format = FormatOf(path);
        if (format is not (DocumentFileFormat.Html or DocumentFileFormat.Docx))
        {
            yield return (Read(path, cancellationToken), 0);
            yield break;
        }

        using FileStream stream = OpenFile(path);
        long offset = 0;
        IEnumerable<string> parts = format == DocumentFileFormat.Html
            ? HtmlExtractor.ExtractParts(stream, partChars, cancellationToken)
            : DocxExtractor.ExtractParts(stream, path, partChars, cancellationToken);
        foreach (string part in parts)
        {
            yield return (new TextDocument(path, part), offset);
            offset += part.Length + BlockText.Separator.Length;
        }
    }

    /// <summary>The supported files under a folder that pass the include and exclude globs, in ordinal path order.</summary>
    internal static List<string> ListFolder(string folder, DocumentReaderOptions options)
    {
        if (!Directory.Exists(folder))
        {
            throw new DocumentReadException(folder, "no such folder");
        }

        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = false,

            // Symbolic links inside a folder are not followed: a link loop cannot trap the walk.
            AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden | FileAttributes.System,
            MatchCasing = MatchCasing.CaseInsensitive,
        };
        Matcher? include = Globs(options.Include);
        Matcher? exclude = Globs(options.Exclude);
        try
        {
            return Directory.EnumerateFiles(folder, "*", enumeration)
                .Where(f => FormatOf(f) is not null)
                .Where(f =>
                {
                    string relative = Path.GetRelativePath(folder, f).Replace('\\', '/');
                    return (include is null || include.Match(relative).HasMatches) && (exclude is null || !exclude.Match(relative).HasMatches);
                })
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new DocumentReadException(folder, $"cannot list the folder: {e.Message}", e);
        }
    }

    // A pattern without '/' names files at any depth, as in .gitignore: "*.pdf" means "**/*.pdf".
    private static Matcher? Globs(IReadOnlyList<string> patterns)
    {
        if (patterns.Count == 0)
        {
            return null;
        }

        var matcher = new Matcher(StringComparison.OrdinalIgnoreCase);
        foreach (string pattern in patterns)
        {
            string p = pattern.Replace('\\', '/');
            matcher.AddInclude(p.Contains('/', StringComparison.Ordinal) ? p.TrimStart('/') : "**/" + p);
        }

        return matcher;
    }

    private static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DocumentReadException(path, $"cannot read the file: {e.Message}", e);
        }
    }

    private string Extract(Stream stream, DocumentFileFormat format, string id, CancellationToken cancellationToken)
    {
        try
        {
            return format switch
            {
                DocumentFileFormat.Html => HtmlExtractor.Extract(stream, cancellationToken),
                DocumentFileFormat.Pdf => PdfExtractor.Extract(stream, id, _options, cancellationToken),
                DocumentFileFormat.Docx => DocxExtractor.Extract(stream, id, cancellationToken),
                DocumentFileFormat.PlainText or DocumentFileFormat.Markdown => ReadPlainText(stream, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown document format"),
            };
        }
        catch (IOException e)
        {
            throw new DocumentReadException(id, $"cannot read the file: {e.Message}", e);
        }
    }

    // Read in blocks rather than with ReadToEnd so that a cancelled token stops a file of hundreds of megabytes at once.
    private static string ReadPlainText(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var text = new StringBuilder();
        char[] block = ArrayPool<char>.Shared.Rent(1 << 16);
        try
        {
            int n;
            while ((n = reader.Read(block, 0, block.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                text.Append(block, 0, n);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(block);
        }

        return text.ToString();
    }
}
