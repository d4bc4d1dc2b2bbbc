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
}
