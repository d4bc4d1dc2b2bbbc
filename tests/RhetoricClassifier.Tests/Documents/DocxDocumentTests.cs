using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using RhetoricClassifier.Segmentation;

namespace RhetoricClassifier.Tests.Documents;

public class DocxDocumentTests
{
    /// <summary>
    /// A memo as Word saves it: a page header and footer, a Title-styled heading, body paragraphs with runs
    /// split mid-sentence, a tracked deletion and insertion, a numbered list and a table.
    /// </summary>
    internal static byte[] Memo()
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            MainDocumentPart main = doc.AddMainDocumentPart();
            HeaderPart header = main.AddNewPart<HeaderPart>();
            header.Header = new Header(Para("Northwind Logistics internal memo, do not forward"));
            FooterPart footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(Para("Page 1"));
            string headerId = main.GetIdOfPart(header), footerId = main.GetIdOfPart(footer);

            var tracked = new Paragraph(
                new Run(new Text("We will reduce the workforce by ") { Space = SpaceProcessingModeValues.Preserve }),
                new DeletedRun(new Run(new DeletedText("900"))) { Id = "1", Author = "Legal" },
                new InsertedRun(new Run(new Text("about 1,200"))) { Id = "2", Author = "Legal" },
                new Run(new Text(" positions this year.") { Space = SpaceProcessingModeValues.Preserve }));
            var table = new Table(
                new TableRow(new TableCell(Para("Region")), new TableCell(Para("Roles affected"))),
                new TableRow(new TableCell(Para("Midwest")), new TableCell(Para("640"))));
            main.Document = new Document(new Body(
                Styled("Title", "A message from our chief executive"),
                new Paragraph(
                    new Run(new Text("Today I am writing to tell you about changes ") { Space = SpaceProcessingModeValues.Preserve }),
                    new Run(new RunProperties(new Bold()), new Text("to how we run our warehouses")),
                    new Run(new Text("."))),
                tracked,
                Styled("Heading1", "What happens next"),
                ListItem("Affected colleagues will hear from their manager by Friday"),
                ListItem("Severance will be paid in full"),
                table,
                Para("Thank you for everything you do."),
                new Paragraph(new Run(new AlternateContent(
                    new AlternateContentChoice(new Run(new Text("Text box, drawn by new readers."))) { Requires = "wps" },
                    new AlternateContentFallback(new Run(new Text("Text box, drawn by old readers.")))))),
                new SectionProperties(
                    new HeaderReference { Type = HeaderFooterValues.Default, Id = headerId },
                    new FooterReference { Type = HeaderFooterValues.Default, Id = footerId })));
        }

        return stream.ToArray();
    }

    private static Paragraph Para(string text) => new(new Run(new Text(text)));

    private static Paragraph Styled(string style, string text)
        => new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text)));

    private static Paragraph ListItem(string text)
        => new(new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 })), new Run(new Text(text)));

    private static TextDocument Read(byte[] bytes)
        => DocumentReader.Default.ReadAsync(new MemoryStream(bytes), DocumentFileFormat.Docx, "memo.docx").GetAwaiter().GetResult();

    [Fact]
    public void Memo_gives_headings_paragraphs_lists_and_tables_in_document_order()
    {
        string text = Read(Memo()).Text;

        Assert.Equal(
            [
                "A message from our chief executive",
                "Today I am writing to tell you about changes to how we run our warehouses.",
                "We will reduce the workforce by about 1,200 positions this year.",
                "What happens next",
                "Affected colleagues will hear from their manager by Friday",
                "Severance will be paid in full",
                "Region",
                "Roles affected",
                "Midwest",
                "640",
                "Thank you for everything you do.",
                "Text box, drawn by new readers.",
            ],
            RuleBasedSegmenter.Default.Segment(text).Select(s => text.Substring(s.Start, s.Length)));
    }

    [Theory]
    [InlineData("internal memo")]
    [InlineData("Page 1")]
    [InlineData("900")]
    public void Page_header_footer_and_tracked_deletions_are_left_out(string absent)
    {
        Assert.DoesNotContain(absent, Read(Memo()).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("This is plain text saved with a .docx name.")]
    [InlineData("PK\u0003\u0004 truncated zip")]
    [InlineData("")]
    public void A_docx_that_is_not_a_zip_package_is_a_clear_error(string content)
    {
        var e = Assert.Throws<DocumentReadException>(() => Read(System.Text.Encoding.Latin1.GetBytes(content)));

        Assert.Equal("memo.docx: not a valid .docx file (a .docx is a zip package; this one cannot be opened as one)", e.Message);
    }

    // A package with the given document.xml, written as a stream so that it may be far larger than memory.
    private static byte[] Package(Action<Stream> writeDocument)
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            void Entry(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open());
                w.Write(text);
            }

            Entry("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
            Entry("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""");
            using Stream document = zip.CreateEntry("word/document.xml", System.IO.Compression.CompressionLevel.Fastest).Open();
            writeDocument(document);
        }

        return stream.ToArray();
    }

    private static Action<Stream> Body(string prolog, Action<Stream> body) => s =>
    {
        s.Write(System.Text.Encoding.UTF8.GetBytes("""<?xml version="1.0" encoding="UTF-8"?>""" + prolog + """<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"""));
        body(s);
        s.Write("</w:body></w:document>"u8);
    };

    private static void Repeat(Stream s, string text, int times)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
        for (int i = 0; i < times; i++)
        {
            s.Write(bytes);
        }
    }

    [Theory]
    [InlineData("w:x")]   // unknown elements inside a paragraph
    [InlineData("w:tbl><w:tr><w:tc")] // tables in tables
    public void Elements_nested_100000_deep_are_read_without_overflowing_the_stack(string element)
    {
        string open = "<" + element + ">", close = "</" + string.Join("></", element.Split("><").Reverse()) + ">";
        bool inParagraph = element == "w:x";
        byte[] docx = Package(Body("", s =>
        {
            s.Write(inParagraph ? "<w:p>"u8 : ""u8);
            Repeat(s, open, 100_000);
            s.Write(inParagraph ? "<w:r><w:t>We cut 300 jobs.</w:t></w:r>"u8 : "<w:p><w:r><w:t>We cut 300 jobs.</w:t></w:r></w:p>"u8);
            Repeat(s, close, 100_000);
            s.Write(inParagraph ? "</w:p>"u8 : ""u8);
        }));

        Assert.Equal("We cut 300 jobs.", Read(docx).Text);
    }

    [Fact]
    public void A_DTD_with_entities_is_refused_as_a_damaged_file()
    {
        byte[] docx = Package(Body("""<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>""", s => s.Write("<w:p><w:r><w:t>&b;</w:t></w:r></w:p>"u8)));

        var e = Assert.Throws<DocumentReadException>(() => Read(docx));

        Assert.StartsWith("memo.docx: the .docx file is damaged: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("DTD", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_over_the_cap_is_refused_while_reading_with_the_parts_before_it_already_handed_on()
    {
        // 100 KB compressed, 4 MB uncompressed: a zip bomb in miniature, against a cap of 1 MB.
        byte[] docx = Package(Body("", s => Repeat(s, "<w:p><w:r><w:t>We cut 300 jobs.</w:t></w:r></w:p>", 100_000)));
        var parts = new List<string>();

        var e = Assert.Throws<DocumentReadException>(() =>
        {
            foreach (string part in DocxExtractor.ExtractParts(new MemoryStream(docx), "bomb.docx", 10_000, CancellationToken.None, maxPartBytes: 1 << 20))
            {
                parts.Add(part);
            }
        });

        Assert.Equal("bomb.docx: word/document.xml is over 1,048,576 bytes uncompressed; not read (a zip bomb, or not a statement)", e.Message);
        Assert.InRange(parts.Count, 2, 100);
        Assert.All(parts, p => Assert.StartsWith("We cut 300 jobs.", p, StringComparison.Ordinal));
    }

    [Fact]
    public void A_paragraph_of_millions_of_characters_comes_in_pieces_cut_at_spaces()
    {
        byte[] docx = Package(Body("", s =>
        {
            s.Write("<w:p><w:r><w:t>"u8);
            Repeat(s, "word ", 600_000); // 3 million characters in one text node
            s.Write("</w:t></w:r></w:p>"u8);
        }));

        List<string> parts = [.. DocxExtractor.ExtractParts(new MemoryStream(docx), "long.docx", 1 << 20, CancellationToken.None)];

        Assert.True(parts.Count >= 2, $"{parts.Count} part(s)");
        Assert.All(parts, p => Assert.InRange(p.Length, 1, 2 * DocxExtractor.MaxBlockChars + 2));
        Assert.Equal(600_000, string.Join(" ", parts).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => w == "word"));
    }
}
