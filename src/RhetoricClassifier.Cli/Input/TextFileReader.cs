using System.Runtime.CompilerServices;
using System.Text;
using RhetoricClassifier.Segmentation;

namespace RhetoricClassifier.Cli.Input;

/// <summary>
/// Reads one text file as a document: byte-order marks for UTF-8 and UTF-16 are honoured, otherwise the
/// file is UTF-8 (invalid bytes become U+FFFD, with a warning); files with NUL bytes are binary and skipped.
/// Files larger than <see cref="WholeFileLimit"/> bytes are read in parts of whole sentences, so memory
/// stays bounded however large the file is.
/// </summary>
internal static class TextFileReader
{
    /// <summary>Files up to this size are read in one go.</summary>
    public const int WholeFileLimit = 1 << 20;

    /// <summary>Characters read per block of a large file.</summary>
    public const int BlockChars = 1 << 18;

    public static readonly UTF8Encoding LenientUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Where a part of a large file sits in the file: added to offsets and sentence indices on output.</summary>
    public static readonly ConditionalWeakTable<TextDocument, PartInfo> Parts = [];

    public sealed record PartInfo(long Offset, int FirstSentence);

    public static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: cannot read the file: {e.Message}");
        }
    }

    public static IEnumerable<TextDocument> Read(string path, Action<string> warn, CancellationToken cancellationToken)
    {
        using FileStream stream = Open(path);
        byte[] head = new byte[8192];
        int headLength = ReadHead(stream, head, path);
        Encoding? bomEncoding = DetectBom(head.AsSpan(0, headLength));
        if (bomEncoding is null && head.AsSpan(0, headLength).Contains((byte)0))
        {
            warn($"{path}: skipped: binary file (contains NUL bytes)");
            yield break;
        }

        stream.Position = 0;
        if (stream.Length <= WholeFileLimit)
        {
            yield return new TextDocument(path, ReadWhole(stream, path, bomEncoding, warn));
            yield break;
        }

        foreach (TextDocument part in ReadParts(stream, path, bomEncoding ?? LenientUtf8, BlockChars, cancellationToken))
        {
            yield return part;
        }
    }

    /// <summary>Reads a file in parts of whole sentences, whatever its size (for tests of the part logic).</summary>
    internal static IEnumerable<TextDocument> ReadParts(string path, int blockChars, CancellationToken cancellationToken)
    {
        using FileStream stream = Open(path);
        foreach (TextDocument part in ReadParts(stream, path, LenientUtf8, blockChars, cancellationToken))
        {
            yield return part;
        }
    }

    private static int ReadHead(FileStream stream, byte[] head, string path)
    {
        try
        {
            return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (IOException e)
        {
            throw new UsageException($"{path}: cannot read the file: {e.Message}");
        }
    }

    private static string ReadWhole(FileStream stream, string path, Encoding? bom, Action<string> warn)
    {
        byte[] bytes;
        try
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (IOException e)
        {
            throw new UsageException($"{path}: cannot read the file: {e.Message}");
        }

        if (bom is not null)
        {
            int skip = bom.GetPreamble().Length;
            return bom.GetString(bytes, skip, bytes.Length - skip);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            warn($"{path}: invalid UTF-8 at byte {e.Index}; invalid bytes were replaced with U+FFFD");
            return LenientUtf8.GetString(bytes);
        }
    }

    // Reads blocks, segments them, and hands on all sentences but the last few (whose boundaries may
    // depend on text not yet read); the rest carries over into the next block.
    private static IEnumerable<TextDocument> ReadParts(FileStream stream, string path, Encoding encoding, int blockChars, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var segmenter = RuleBasedSegmenter.Default;
        var spans = new List<SentenceSpan>();
        char[] block = new char[blockChars + (segmenter.MaxSentenceLength * 2) + 4096];
        int filled = 0;
        long offset = 0;
        int sentenceIndex = 0;
        bool end = false;
        while (!end || filled > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (!end && filled < block.Length)
            {
                int n = reader.Read(block, filled, block.Length - filled);
                if (n == 0)
                {
                    end = true;
                }

                filled += n;
            }

            spans.Clear();
            segmenter.Segment(block.AsSpan(0, filled), spans);
            int take;
            int consumed;
            if (end)
            {
                take = spans.Count;
                consumed = filled;
            }
            else
            {
                // Keep sentences whose successor starts well inside the block, so every boundary decision
                // had its look-ahead in memory.
                take = 0;
                while (take + 1 < spans.Count && spans[take + 1].Start + 256 <= filled)
                {
                    take++;
                }

                consumed = take < spans.Count ? spans[take].Start : filled;
            }

            if (take > 0 || (end && consumed > 0))
            {
                int length = take > 0 ? spans[take - 1].End : 0;
                var doc = new TextDocument(path, new string(block, 0, length));
                Parts.AddOrUpdate(doc, new PartInfo(offset, sentenceIndex));
                sentenceIndex += take;
                yield return doc;
            }

            Array.Copy(block, consumed, block, 0, filled - consumed);
            offset += consumed;
            filled -= consumed;
            if (end)
            {
                break;
            }
        }
    }

    private static Encoding? DetectBom(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            return new UTF8Encoding(true, false);
        }

        if (head.StartsWith(new byte[] { 0xFF, 0xFE }))
        {
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        }

        if (head.StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: true);
        }

        return null;
    }
}
