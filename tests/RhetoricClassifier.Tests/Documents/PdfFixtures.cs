using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace RhetoricClassifier.Tests.Documents;

/// <summary>
/// PDFs made the way word processors make them: text placed line by line at absolute positions, a running
/// header and a "Page N of M" footer on every page, paragraphs separated by extra line spacing, a word
/// hyphenated at a line end and a sentence that runs over a page break.
/// </summary>
internal static class PdfFixtures
{
    private const double Left = 72, Top = 720, LineHeight = 14, FontSize = 11;

    /// <summary>Two pages: page 1 has a heading and two paragraphs, the second running on to page 2.</summary>
    public static byte[] TwoPageStatement()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        string[][] pages =
        [
            [
                "#Update on our operating model",
                "",
                "Today we are announcing changes to how Northwind Logistics runs its ware-",
                "houses. Over the next eighteen months we will reduce the workforce by about",
                "1,200 positions as robotic picking systems take on work now done by hand.",
                "",
                "We expect the changes to save $140 million a year. Capital spending on",
                "automation will reach $310 million in 2026, and the long-term plan includes",
                "a cost-",
                "cutting programme across all regions that we will describe at our investor",
            ],
            [
                "day in May. Every affected colleague will be offered severance and retraining.",
                "",
                "We will keep investing in our people, and we will report our progress each",
                "quarter.",
            ],
        ];
        for (int p = 0; p < pages.Length; p++)
        {
            PdfPageBuilder page = builder.AddPage(PageSize.Letter);
            page.AddText("NORTHWIND LOGISTICS  |  CONFIDENTIAL", 8, new PdfPoint(Left, 760), font);
            double y = Top;
            foreach (string line in pages[p])
            {
                if (line.Length == 0)
                {
                    y -= LineHeight * 0.8;
                    continue;
                }

                bool heading = line.StartsWith('#');
                page.AddText(heading ? line[1..] : line, heading ? 16 : FontSize, new PdfPoint(Left, y), heading ? bold : font);
                y -= heading ? 22 : LineHeight;
            }

            page.AddText($"Page {p + 1} of {pages.Length}", 8, new PdfPoint(280, 40), font);
        }

        return builder.Build();
    }

    /// <summary>One page of two columns, each column a paragraph of several lines.</summary>
    public static byte[] TwoColumns()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        PdfPageBuilder page = builder.AddPage(PageSize.Letter);
        string[] left =
        [
            "The first column opens the statement",
            "and explains that the company will",
            "close two sites this year.",
        ];
        string[] right =
        [
            "The second column follows on and",
            "says that every affected employee",
            "will be offered another role.",
        ];
        for (int i = 0; i < left.Length; i++)
        {
            page.AddText(left[i], 10, new PdfPoint(60, 700 - (i * 13)), font);
            page.AddText(right[i], 10, new PdfPoint(320, 700 - (i * 13)), font);
        }

        return builder.Build();
    }

    /// <summary>A scan: one page with an image and no text.</summary>
    public static byte[] Scan()
    {
        var builder = new PdfDocumentBuilder();
        PdfPageBuilder page = builder.AddPage(PageSize.Letter);
        byte[] png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        page.AddPng(png, new PdfRectangle(0, 0, 612, 792));
        return builder.Build();
    }

    /// <summary>A letter whose second page is a scanned signature page.</summary>
    public static byte[] TextThenScan()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(PageSize.Letter).AddText("We will close the Dayton plant in June.", FontSize, new PdfPoint(Left, Top), font);
        byte[] png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        builder.AddPage(PageSize.Letter).AddPng(png, new PdfRectangle(0, 0, 612, 792));
        return builder.Build();
    }

    /// <summary>The statement PDF cut off in the middle, as an interrupted download leaves it.</summary>
    public static byte[] Truncated()
    {
        byte[] whole = TwoPageStatement();
        return whole[..(whole.Length / 3)];
    }

    /// <summary>
    /// The statement PDF with a standard security handler in its trailer whose user password is not empty,
    /// so it cannot be opened without the password.
    /// </summary>
    public static byte[] Encrypted()
    {
        string text = Encoding.Latin1.GetString(TwoPageStatement());
        string hex32 = string.Concat(Enumerable.Repeat("A5", 32));
        string encrypt = $"/Encrypt << /Filter /Standard /V 1 /R 2 /O <{hex32}> /U <{hex32}> /P -44 >> /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] ";
        int trailer = text.LastIndexOf("trailer", StringComparison.Ordinal);
        int dict = text.IndexOf("<<", trailer, StringComparison.Ordinal) + 2;
        return Encoding.Latin1.GetBytes(text.Insert(dict, " " + encrypt));
    }
}
