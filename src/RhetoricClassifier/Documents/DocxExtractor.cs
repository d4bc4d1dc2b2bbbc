using System.IO.Packaging;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace RhetoricClassifier;

/// <summary>
/// Turns a Word document's body into blocks in document order: each paragraph (headings and list items
/// are paragraphs too) and each paragraph of each table cell. Page headers and footers live in other
/// parts of the package and are never read; tracked deletions (<c>w:del</c>, <c>w:moveFrom</c>) and field
/// codes are left out, tracked insertions are kept, as Word shows the document with changes accepted.
/// </summary>
internal static class DocxExtractor
{
    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    public static string Extract(Stream stream, string id, CancellationToken cancellationToken)
    {
        WordprocessingDocument document;
        try
        {
            document = WordprocessingDocument.Open(stream, isEditable: false);
        }
        catch (Exception e) when (e is FileFormatException or OpenXmlPackageException or InvalidDataException or IOException or ArgumentException)
        {
            throw new DocumentReadException(id, "not a valid .docx file (a .docx is a zip package; this one cannot be opened as one)", e);
        }

        using (document)
        {
            Body? body = document.MainDocumentPart?.Document?.Body;
            if (body is null)
            {
                throw new DocumentReadException(id, "not a valid .docx file: it has no document body");
            }

            try
            {
                return BlockText.Join(Blocks(body, cancellationToken), cancellationToken);
            }
            catch (Exception e) when (e is XmlException or InvalidDataException or OpenXmlPackageException)
            {
                throw new DocumentReadException(id, $"the .docx file is damaged: {e.Message}", e);
            }
        }
    }

    private static IEnumerable<string> Blocks(OpenXmlElement container, CancellationToken cancellationToken)
    {
        foreach (OpenXmlElement child in container.ChildElements)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (child)
            {
                case Paragraph p:
                    yield return ParagraphText(p);
                    break;
                case Table or TableRow or TableCell or SdtBlock or SdtContentBlock or SdtRow or SdtContentRow or SdtCell or SdtContentCell or CustomXmlBlock or InsertedRun:
                    foreach (string block in Blocks(child, cancellationToken))
                    {
                        yield return block;
                    }

                    break;
            }
        }
    }

    private static string ParagraphText(Paragraph paragraph)
    {
        var text = new StringBuilder();
        Append(paragraph, text);
        return text.ToString();
    }

    private static void Append(OpenXmlElement element, StringBuilder text)
    {
        foreach (OpenXmlElement child in element.ChildElements)
        {
            switch (child)
            {
                case Text t:
                    text.Append(t.Text);
                    break;

                // Inside mc:AlternateContent the SDK leaves WordprocessingML unparsed; read it by name.
                case OpenXmlUnknownElement { LocalName: "t" } unknown when unknown.NamespaceUri == WordNamespace:
                    text.Append(unknown.InnerText);
                    break;
                case OpenXmlUnknownElement { LocalName: "del" or "moveFrom" or "delText" or "instrText" or "pPr" or "rPr" } unknown when unknown.NamespaceUri == WordNamespace:
                    break;
                case TabChar or Break or CarriageReturn:
                    text.Append(' ');
                    break;
                case NoBreakHyphen:
                    text.Append('-');
                    break;

                // Deleted and moved-away text, field instructions and footnote marks are not what a reader sees.
                // A text box is stored twice, for new and for old readers (mc:AlternateContent); read it once.
                case DeletedRun or MoveFromRun or FieldCode or DeletedFieldCode or ParagraphProperties or RunProperties or AlternateContentFallback:
                    break;
                default:
                    Append(child, text);
                    break;
            }
        }
    }
}
