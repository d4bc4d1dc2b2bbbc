using RhetoricClassifier.Segmentation;

namespace RhetoricClassifier.Tests.Documents;

public class PdfDocumentTests
{
    private static TextDocument Read(byte[] pdf, DocumentReaderOptions? options = null)
        => DocumentReader.Create(options).ReadAsync(new MemoryStream(pdf), DocumentFileFormat.Pdf, "statement.pdf").GetAwaiter().GetResult();

    private static List<string> Sentences(string text) => RuleBasedSegmenter.Default.Segment(text).Select(s => text.Substring(s.Start, s.Length)).ToList();

    [Fact]
    public void Two_page_statement_comes_out_as_whole_sentences_in_order()
    {
        TextDocument doc = Read(PdfFixtures.TwoPageStatement());

        Assert.Equal(
            [
                "Update on our operating model",
                "Today we are announcing changes to how Northwind Logistics runs its warehouses.",
                "Over the next eighteen months we will reduce the workforce by about 1,200 positions as robotic picking systems take on work now done by hand.",
                "We expect the changes to save $140 million a year.",
                "Capital spending on automation will reach $310 million in 2026, and the long-term plan includes a cost-cutting programme across all regions that we will describe at our investor day in May.",
                "Every affected colleague will be offered severance and retraining.",
                "We will keep investing in our people, and we will report our progress each quarter.",
            ],
            Sentences(doc.Text));
    }

    [Fact]
    public void Paragraph_breaks_come_from_line_spacing_and_font_changes()
    {
        string[] paragraphs = Read(PdfFixtures.TwoPageStatement()).Text.Split("\n\n");

        Assert.Equal(4, paragraphs.Length);
        Assert.StartsWith("Today we are", paragraphs[1], StringComparison.Ordinal);
        Assert.StartsWith("We expect", paragraphs[2], StringComparison.Ordinal);
        Assert.StartsWith("We will keep", paragraphs[3], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CONFIDENTIAL")]
    [InlineData("NORTHWIND LOGISTICS")]
    [InlineData("Page 1")]
    [InlineData("of 2")]
    public void Running_header_and_page_numbers_are_dropped(string chrome)
    {
        Assert.DoesNotContain(chrome, Read(PdfFixtures.TwoPageStatement()).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_header_is_kept_when_the_option_is_off()
    {
        var doc = Read(PdfFixtures.TwoPageStatement(), new DocumentReaderOptions { DropRunningHeaders = false });

        Assert.Contains("CONFIDENTIAL", doc.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_columns_are_read_column_by_column()
    {
        Assert.Equal(
            [
                "The first column opens the statement and explains that the company will close two sites this year.",
                "The second column follows on and says that every affected employee will be offered another role.",
            ],
            Sentences(Read(PdfFixtures.TwoColumns()).Text));
    }

    [Fact]
    public void Scan_without_text_layer_warns_naming_the_file()
    {
        var warnings = new List<string>();

        TextDocument doc = Read(PdfFixtures.Scan(), new DocumentReaderOptions { OnWarning = warnings.Add });

        Assert.Equal("", doc.Text);
        Assert.Equal(["statement.pdf: no text layer; run OCR first"], warnings);
    }

    [Fact]
    public void Scanned_pages_among_text_pages_are_named_in_a_warning()
    {
        var warnings = new List<string>();

        TextDocument doc = Read(PdfFixtures.TextThenScan(), new DocumentReaderOptions { OnWarning = warnings.Add });

        Assert.Equal("We will close the Dayton plant in June.", doc.Text);
        Assert.Equal(["statement.pdf: page 2 has no text layer; run OCR first"], warnings);
    }

    [Fact]
    public void Truncated_pdf_is_a_clear_error_naming_the_file()
    {
        var e = Assert.Throws<DocumentReadException>(() => Read(PdfFixtures.Truncated()));

        Assert.Equal("statement.pdf", e.Path);
        Assert.StartsWith("statement.pdf: not a readable PDF (damaged or truncated)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encrypted_pdf_is_a_clear_error_naming_the_file()
    {
        var e = Assert.Throws<DocumentReadException>(() => Read(PdfFixtures.Encrypted()));

        Assert.Equal("statement.pdf: the PDF is encrypted (password-protected); remove the protection first", e.Message);
    }

    [Theory]
    [InlineData("%PDF-1.7\n")]
    [InlineData("")]
    [InlineData("<html>not a pdf</html>")]
    public void Bytes_that_are_not_a_pdf_are_a_clear_error(string content)
    {
        var e = Assert.Throws<DocumentReadException>(() => Read(System.Text.Encoding.ASCII.GetBytes(content)));

        Assert.Equal("statement.pdf", e.Path);
    }
}
