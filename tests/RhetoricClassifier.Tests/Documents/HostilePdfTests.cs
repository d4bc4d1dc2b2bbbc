using System.IO.Compression;
using System.Text;

namespace RhetoricClassifier.Tests.Documents;

/// <summary>
/// PDFs made to hurt the reader: a loop of references (PdfPig followed it until the stack overflowed, exit 134),
/// a page whose drawing instructions inflate to megabytes (PdfPig built a glyph object per character: a page of
/// 50 MB of text reached 22 GB) and a compressed stream that inflates past the cap (1.7 MB reached 8 GB).
/// </summary>
public sealed class HostilePdfTests
{
    private const string Font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

    // A PDF of the given objects (object 1 is the catalog), with a correct cross-reference table.
    private static byte[] Pdf(params byte[][] objects)
    {
        using var pdf = new MemoryStream();
        void Write(string s) => pdf.Write(Encoding.Latin1.GetBytes(s));
        Write("%PDF-1.4\n");
        var offsets = new List<long>();
        for (int i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Position);
            Write($"{i + 1} 0 obj\n");
            pdf.Write(objects[i]);
            Write("\nendobj\n");
        }

        long xref = pdf.Position;
        Write($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (long offset in offsets)
        {
            Write($"{offset:D10} 00000 n \n");
        }

        Write($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    private static byte[] Text(string s) => Encoding.Latin1.GetBytes(s);

    private static byte[] Stream(byte[] data, bool flate = false)
    {
        byte[] body = data;
        if (flate)
        {
            using var compressed = new MemoryStream();
            using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                z.Write(data);
            }

            body = compressed.ToArray();
        }

        return [.. Text($"<< /Length {body.Length}{(flate ? " /Filter /FlateDecode" : "")} >>\nstream\n"), .. body, .. Text("\nendstream")];
    }

    private static string Page(int contents) => $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {contents} 0 R /Resources << /Font << /F1 3 0 R >> >> >>";

    private static byte[] Says(string sentence) => Text($"BT /F1 12 Tf 72 720 Td ({sentence}) Tj ET");

    private static (TextDocument Document, List<string> Warnings) Read(byte[] pdf)
    {
        var warnings = new List<string>();
        TextDocument document = DocumentReader.Create(new DocumentReaderOptions { OnWarning = warnings.Add })
            .ReadAsync(new MemoryStream(pdf), DocumentFileFormat.Pdf, "hostile.pdf").GetAwaiter().GetResult();
        return (document, warnings);
    }

    [Fact]
    public void An_object_that_refers_to_itself_through_references_is_refused_not_a_stack_overflow()
    {
        byte[] pdf = Pdf(
            Text("<< /Type /Catalog /Pages 2 0 R >>"),
            Text("<< /Type /Pages /Kids [4 0 R] /Count 1 >>"),
            Text(Font),
            Text(Page(5)),
            Text("6 0 R"),
            Text("5 0 R"));

        var e = Assert.Throws<DocumentReadException>(() => Read(pdf));

        Assert.Matches("^hostile.pdf: not a readable PDF: object [56] refers to itself through a loop of references", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // 5 MiB inflated from a few kilobytes
    public void A_page_with_megabytes_of_drawing_instructions_is_skipped_with_a_warning_and_the_others_are_read(bool flate)
    {
        byte[] huge = [.. Says("Hidden in the noise."), .. Enumerable.Repeat(Text(" 0 0 m"), ((5 << 20) / 6) + 1).SelectMany(b => b)];
        byte[] pdf = Pdf(
            Text("<< /Type /Catalog /Pages 2 0 R >>"),
            Text("<< /Type /Pages /Kids [4 0 R 5 0 R] /Count 2 >>"),
            Text(Font),
            Text(Page(6)),
            Text(Page(7)),
            Stream(huge, flate),
            Stream(Says("We are cutting 300 jobs.")));

        var (document, warnings) = Read(pdf);

        Assert.Equal("We are cutting 300 jobs.", document.Text);
        Assert.Contains("hostile.pdf: page 1 skipped: over 4 MiB of drawing instructions", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Inflated_length_is_counted_only_to_just_past_the_limit()
    {
        byte[] zeros = new byte[3 << 20];
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(zeros);
        }

        Assert.Equal(3 << 20, PdfGuards.InflatedLength(compressed.ToArray(), long.MaxValue));
        Assert.InRange(PdfGuards.InflatedLength(compressed.ToArray(), 1 << 20)!.Value, (1 << 20) + 1, (1 << 20) + (1 << 16));
        Assert.Null(PdfGuards.InflatedLength(Text("not zlib at all"), 100));
    }
}
