namespace RhetoricClassifier;

/// <summary>The file formats <see cref="DocumentReader"/> extracts text from.</summary>
public enum DocumentFileFormat
{
    /// <summary>Plain text (<c>.txt</c>): UTF-8 unless a byte-order mark says otherwise.</summary>
    PlainText,

    /// <summary>Markdown (<c>.md</c>), read as plain text.</summary>
    Markdown,

    /// <summary>A web page (<c>.html</c>, <c>.htm</c>), including SEC-style filings with inline XBRL.</summary>
    Html,

    /// <summary>A PDF with a text layer (<c>.pdf</c>).</summary>
    Pdf,

    /// <summary>A Word document (<c>.docx</c>).</summary>
    Docx,
}
