namespace RhetoricClassifier.Tests.Documents;

public sealed class DocumentReaderTests : IDisposable
{
    private readonly TempFolder _temp = new("rhetoric-reader-");

    private string _dir => _temp.Path;

    public void Dispose() => _temp.Dispose();

    private string Write(string relative, byte[] bytes) => _temp.Write(relative, bytes);

    private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private async Task<List<string>> NamesAsync(DocumentReaderOptions options)
    {
        var names = new List<string>();
        await foreach (TextDocument d in DocumentReader.Create(options).ReadFolderAsync(_dir))
        {
            names.Add(Path.GetRelativePath(_dir, d.Id).Replace('\\', '/'));
        }

        return names;
    }

    private void WriteTree()
    {
        Write("a.txt", Utf8("Plain text."));
        Write("drafts/b.pdf", PdfFixtures.TwoColumns());
        Write("reports/c.PDF", PdfFixtures.TwoColumns());
        Write("reports/d.docx", DocxDocumentTests.Memo());
        Write("reports/e.csv", Utf8("a,b"));
        Write("web/f.htm", Utf8("<p>Page.</p>"));
    }

    [Theory]
    [InlineData("", "", "a.txt drafts/b.pdf reports/c.PDF reports/d.docx web/f.htm")]
    [InlineData("*.pdf", "", "drafts/b.pdf reports/c.PDF")]
    [InlineData("reports/**", "", "reports/c.PDF reports/d.docx")]
    [InlineData("", "drafts/**", "a.txt reports/c.PDF reports/d.docx web/f.htm")]
    [InlineData("*.pdf *.htm", "b.*", "reports/c.PDF web/f.htm")]
    [InlineData("*.csv", "", "")]
    public async Task Folder_walk_reads_supported_files_in_path_order_narrowed_by_globs(string include, string exclude, string expected)
    {
        WriteTree();
        var options = new DocumentReaderOptions
        {
            Include = include.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Exclude = exclude.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        };

        Assert.Equal(expected, string.Join(' ', await NamesAsync(options)));
    }

    [Fact]
    public async Task Folder_walk_stops_at_a_bad_file_or_skips_it_with_a_warning()
    {
        WriteTree();
        Write("reports/bad.pdf", PdfFixtures.Truncated());
        var warnings = new List<string>();

        var e = await Assert.ThrowsAsync<DocumentReadException>(() => NamesAsync(DocumentReaderOptions.Default));
        List<string> skipped = await NamesAsync(new DocumentReaderOptions { SkipBad = true, OnWarning = warnings.Add });

        Assert.EndsWith("bad.pdf", e.Path, StringComparison.Ordinal);
        Assert.Equal("a.txt drafts/b.pdf reports/c.PDF reports/d.docx web/f.htm", string.Join(' ', skipped));
        Assert.Single(warnings, w => w.StartsWith("skipped ", StringComparison.Ordinal) && w.Contains("bad.pdf: not a readable PDF", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("notes.rtf")]
    [InlineData("missing.pdf")]
    public void Reading_an_unsupported_or_missing_file_names_it(string name)
    {
        string path = Path.Combine(_dir, name);
        if (name.EndsWith(".rtf", StringComparison.Ordinal))
        {
            File.WriteAllText(path, "{\\rtf1}");
        }

        var e = Assert.Throws<DocumentReadException>(() => DocumentReader.Default.Read(path));

        Assert.Equal(path, e.Path);
    }

    [Theory]
    [InlineData(DocumentFileFormat.Html)]
    [InlineData(DocumentFileFormat.Pdf)]
    [InlineData(DocumentFileFormat.Docx)]
    public async Task Streams_that_cannot_seek_read_like_files(DocumentFileFormat format)
    {
        byte[] bytes = format switch
        {
            DocumentFileFormat.Html => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "documents", "news-page.html")),
            DocumentFileFormat.Pdf => PdfFixtures.TwoPageStatement(),
            _ => DocxDocumentTests.Memo(),
        };

        TextDocument fromMemory = await DocumentReader.Default.ReadAsync(new MemoryStream(bytes), format, "doc");
        TextDocument fromPipe = await DocumentReader.Default.ReadAsync(new ForwardOnlyStream(bytes), format, "doc");

        Assert.NotEqual("", fromMemory.Text);
        Assert.Equal(fromMemory, fromPipe);
    }

    // A stream like a network response: read front to back, no length, no seeking.
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1000));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void One_reader_is_safe_to_share_between_threads()
    {
        byte[] html = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "documents", "news-page.html"));
        byte[] pdf = PdfFixtures.TwoPageStatement();
        byte[] docx = DocxDocumentTests.Memo();
        DocumentReader reader = DocumentReader.Create(new DocumentReaderOptions());
        string Read(byte[] bytes, DocumentFileFormat format) => reader.ReadAsync(new MemoryStream(bytes), format).GetAwaiter().GetResult().Text;
        string[] expected = [Read(html, DocumentFileFormat.Html), Read(pdf, DocumentFileFormat.Pdf), Read(docx, DocumentFileFormat.Docx)];

        string[][] results = Enumerable.Range(0, 12).AsParallel().WithDegreeOfParallelism(4)
            .Select(_ => new[] { Read(html, DocumentFileFormat.Html), Read(pdf, DocumentFileFormat.Pdf), Read(docx, DocumentFileFormat.Docx) })
            .ToArray();

        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
