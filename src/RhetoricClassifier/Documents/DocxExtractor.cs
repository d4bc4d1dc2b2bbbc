using System.IO.Packaging;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using RhetoricClassifier.Data;

namespace RhetoricClassifier;

/// <summary>
/// Turns a Word document's body into blocks in document order: each paragraph (headings and list items
/// are paragraphs too) and each paragraph of each table cell. Page headers and footers live in other
/// parts of the package and are never read; tracked deletions (<c>w:del</c>, <c>w:moveFrom</c>) and field
/// codes are left out, tracked insertions are kept, as Word shows the document with changes accepted.
/// </summary>
/// <remarks>
/// Why a forward-only <see cref="XmlReader"/> over the main part rather than the OpenXml SDK's DOM: the DOM
/// holds the whole part as objects (a 2.6 MB .docx whose document.xml expands to 4 GB reached 14 GB and
/// never finished) and walking it recursively overflowed the stack on elements nested 100,000 deep. The
/// reader keeps one paragraph at a time, nesting costs nothing, a DTD (billion laughs) is refused, and the
/// uncompressed part is capped at <see cref="MaxPartBytes"/>.
/// </remarks>
internal static class DocxExtractor
{
    /// <summary>Most bytes of <c>word/document.xml</c> read, uncompressed (256 MiB): far beyond any statement, and a bound on a zip bomb's time and on its largest attribute.</summary>
    internal const long MaxPartBytes = 256L << 20;

    /// <summary>A paragraph longer than this many characters is handed on in pieces (cut at a space), so one paragraph cannot hold memory.</summary>
    internal const int MaxBlockChars = 1 << 20;

    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string CompatibilityNamespace = "http://schemas.openxmlformats.org/markup-compatibility/2006";

    // Containers at block level whose paragraphs are read (tables, content controls, custom XML, tracked insertions).
    private static readonly HashSet<string> BlockContainers = new(StringComparer.Ordinal)
    {
        "tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "ins", "body",
    };

    // Inside a paragraph: what a reader does not see (deleted and moved-away text, field instructions,
    // properties). A text box is stored twice (mc:AlternateContent), for new and for old readers: the
    // old readers' copy (mc:Fallback) is skipped.
    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal)
    {
        "del", "moveFrom", "delText", "instrText", "delInstrText", "pPr", "rPr",
    };

    /// <summary>Extracts the whole text (the parts of <see cref="ExtractParts"/> joined).</summary>
    public static string Extract(Stream stream, string id, CancellationToken cancellationToken)
        => string.Join(BlockText.Separator, ExtractParts(stream, id, int.MaxValue, cancellationToken));

    /// <summary>
    /// Extracts the text in parts of whole blocks, each handed on once it holds at least
    /// <paramref name="partChars"/> characters; the text is the parts joined with a blank line, and there
    /// is always at least one part.
    /// </summary>
    public static IEnumerable<string> ExtractParts(Stream stream, string id, int partChars, CancellationToken cancellationToken, long maxPartBytes = MaxPartBytes)
    {
        WordprocessingDocument document;
        try
        {
            document = WordprocessingDocument.Open(stream, isEditable: false);
        }
        catch (Exception e) when (e is FileFormatException or OpenXmlPackageException or InvalidDataException or IOException or ArgumentException or XmlException)
        {
            throw new DocumentReadException(id, "not a valid .docx file (a .docx is a zip package; this one cannot be opened as one)", e);
        }

        using (document)
        {
            Stream part;
            try
            {
                Stream main = document.MainDocumentPart?.GetStream(FileMode.Open, FileAccess.Read)
                    ?? throw new DocumentReadException(id, "not a valid .docx file: it has no document body");
                part = new BoundedReadStream(main, maxPartBytes, () => new DocumentReadException(
                    id, $"word/document.xml is over {maxPartBytes:N0} bytes uncompressed; not read (a zip bomb, or not a statement)"));
            }
            catch (Exception e) when (e is FileFormatException or OpenXmlPackageException or InvalidDataException or IOException)
            {
                throw new DocumentReadException(id, $"the .docx file is damaged: {e.Message}", e);
            }

            using (part)
            using (XmlReader xml = XmlReader.Create(part, Settings))
            {
                var text = new BlockText();
                bool any = false;
                using IEnumerator<string> blocks = Blocks(xml, cancellationToken).GetEnumerator();
                while (true)
                {
                    try
                    {
                        if (!blocks.MoveNext())
                        {
                            break;
                        }
                    }
                    catch (Exception e) when (e is XmlException or InvalidDataException or IOException)
                    {
                        throw new DocumentReadException(id, $"the .docx file is damaged: {e.Message}", e);
                    }

                    text.Add(blocks.Current);
                    if (text.Length >= partChars)
                    {
                        any = true;
                        yield return text.ToString();
                        text = new BlockText();
                    }
                }

                if (!any || text.Length > 0)
                {
                    yield return text.ToString();
                }
            }
        }
    }

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    // The paragraphs of the body, in order. Iterative, so nesting depth costs no stack; text is read in
    // chunks, so one huge text node is never one string.
    private static IEnumerable<string> Blocks(XmlReader xml, CancellationToken cancellationToken)
    {
        var paragraph = new StringBuilder();
        char[] chunk = new char[1 << 14];
        int paragraphDepth = -1; // depth of the outermost w:p being read, or -1 outside paragraphs
        int textDepth = -1;      // depth of the w:t being read, or -1
        int nodes = 0;
        bool more = xml.Read();
        while (more)
        {
            if ((++nodes & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (xml.NodeType == XmlNodeType.Element && !xml.IsEmptyElement && SkipsSubtree(xml, paragraphDepth >= 0))
            {
                xml.Skip(); // leaves the reader on the node after the subtree
                more = xml.ReadState == ReadState.Interactive;
                continue;
            }

            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.NamespaceURI == WordNamespace:
                    switch (xml.LocalName)
                    {
                        case "p" when paragraphDepth < 0:
                            if (!xml.IsEmptyElement)
                            {
                                paragraphDepth = xml.Depth;
                            }

                            break;
                        case "t" when paragraphDepth >= 0 && !xml.IsEmptyElement:
                            textDepth = xml.Depth;
                            break;
                        case "tab" or "br" or "cr" when paragraphDepth >= 0:
                            paragraph.Append(' ');
                            break;
                        case "noBreakHyphen" when paragraphDepth >= 0:
                            paragraph.Append('-');
                            break;
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when textDepth >= 0:
                    int n;
                    while ((n = xml.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        paragraph.Append(chunk, 0, n);
                        if (paragraph.Length >= MaxBlockChars)
                        {
                            yield return TakePiece(paragraph);
                        }
                    }

                    break;
                case XmlNodeType.EndElement:
                    if (xml.Depth == textDepth)
                    {
                        textDepth = -1;
                    }
                    else if (xml.Depth == paragraphDepth)
                    {
                        paragraphDepth = -1;
                        yield return paragraph.ToString();
                        paragraph.Clear();
                    }

                    break;
            }

            more = xml.Read();
        }

        if (paragraph.Length > 0)
        {
            yield return paragraph.ToString();
        }
    }

    // Outside paragraphs, only the body's block containers are entered (section properties, bookmarks and
    // anything unknown hold no body text); inside, what a reader does not see is passed over.
    private static bool SkipsSubtree(XmlReader xml, bool inParagraph)
    {
        bool word = xml.NamespaceURI == WordNamespace;
        if (!inParagraph)
        {
            return xml.Depth >= 1 && !(word && (xml.LocalName == "p" || BlockContainers.Contains(xml.LocalName)));
        }

        return (word && Hidden.Contains(xml.LocalName)) || (xml.NamespaceURI == CompatibilityNamespace && xml.LocalName == "Fallback");
    }

    // Hands on a very long paragraph up to its last space (or all of it when it has none), keeping the rest.
    private static string TakePiece(StringBuilder paragraph)
    {
        int cut = paragraph.Length;
        for (int i = paragraph.Length - 1; i > paragraph.Length / 2; i--)
        {
            if (paragraph[i] == ' ')
            {
                cut = i;
                break;
            }
        }

        string piece = paragraph.ToString(0, cut);
        paragraph.Remove(0, cut);
        return piece;
    }
}
