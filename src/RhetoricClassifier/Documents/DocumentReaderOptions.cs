namespace RhetoricClassifier;

/// <summary>Options for a <see cref="DocumentReader"/>. The defaults suit statements published on the web and as PDFs.</summary>
public sealed record DocumentReaderOptions
{
    /// <summary>The defaults: every supported format, no glob filters, stop at the first bad file, warnings ignored.</summary>
    public static DocumentReaderOptions Default { get; } = new();

    /// <summary>
    /// Glob patterns (relative to the folder, <c>**</c> for any depth, case-insensitive) a file must match
    /// to be read by <see cref="DocumentReader.ReadFolderAsync"/>; a pattern without <c>/</c> matches the
    /// file name at any depth. Empty (the default) means every file with a supported extension.
    /// </summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Glob patterns (as <see cref="Include"/>) of files to leave out of a folder walk.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>
    /// When <see langword="true"/>, a folder walk reports a file that cannot be read (damaged, encrypted,
    /// not what its extension says) through <see cref="OnWarning"/> and goes on with the next file;
    /// when <see langword="false"/> (the default) it throws <see cref="DocumentReadException"/>.
    /// </summary>
    public bool SkipBad { get; init; }

    /// <summary>
    /// Receives warnings that do not stop reading, each naming the file: a PDF without a text layer
    /// ("no text layer; run OCR first"), a file skipped under <see cref="SkipBad"/>. May be called from the
    /// thread that reads the document; <see langword="null"/> ignores warnings.
    /// </summary>
    public Action<string>? OnWarning { get; init; }

    /// <summary>
    /// Drop lines that repeat at the top or bottom of most pages of a PDF (running headers and footers,
    /// "Page 3 of 12", "CONFIDENTIAL") and bare page numbers. Default <see langword="true"/>.
    /// </summary>
    public bool DropRunningHeaders { get; init; } = true;
}
