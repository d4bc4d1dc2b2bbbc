using System.Runtime.CompilerServices;
using System.Text;
using RhetoricClassifier.Data;
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

    // Where a part of a large file sits in the file: added to offsets and sentence indices on output.
    private static readonly ConditionalWeakTable<TextDocument, PartInfo> Parts = [];

    // Whether any document was ever read in parts: until then (always, for .jsonl records) PartOf costs no lookup.
    private static volatile bool s_anyParts;

    /// <summary>Records that <paramref name="doc"/> is a part of a larger file.</summary>
    public static void SetPart(TextDocument doc, PartInfo part)
    {
        Parts.AddOrUpdate(doc, part);
        s_anyParts = true;
    }

    /// <summary>Where <paramref name="doc"/> sits in its file when it is a part of a larger one; otherwise null.</summary>
    public static PartInfo? PartOf(TextDocument doc) => s_anyParts && Parts.TryGetValue(doc, out PartInfo? part) ? part : null;

    /// <summary>Whether <paramref name="doc"/> is a later part of a file read in parts (the first part stands for the document).</summary>
    public static bool IsContinuation(TextDocument doc) => PartOf(doc) is { Offset: > 0 };

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
        foreach (TextDocument d in Read(stream, path, warn, cancellationToken))
        {
            yield return d;
        }
    }

    /// <summary>
    /// Reads a stream as one document named <paramref name="name"/>: a small regular file in one go, anything
    /// else (large files, standard input, pipes) in parts, so memory stays flat.
    /// </summary>
    public static IEnumerable<TextDocument> Read(Stream stream, string name, Action<string> warn, CancellationToken cancellationToken)
    {
        byte[] head = new byte[8192];
        int headLength = ReadHead(stream, head, name);
        Encoding? bomEncoding = DetectBom(head.AsSpan(0, headLength));
        if (bomEncoding is null && head.AsSpan(0, headLength).Contains((byte)0))
        {
            warn($"{name}: skipped: binary file (contains NUL bytes)");
            yield break;
        }

        if (stream.CanSeek && stream.Length <= WholeFileLimit)
        {
            stream.Position = 0;
            yield return new TextDocument(name, ReadWhole(stream, name, bomEncoding, warn));
            yield break;
        }

        // A pipe cannot go back to its start: replay the bytes already read in front of the rest.
        Stream source = stream.CanSeek ? stream : new PrefixedStream(head[..headLength], stream);
        if (stream.CanSeek)
        {
            stream.Position = 0;
        }

        foreach (TextDocument part in ReadParts(source, name, bomEncoding ?? FlaggingFallback.Utf8().Encoding, BlockChars, warn, cancellationToken))
        {
            yield return part;
        }
    }

    /// <summary>Reads a file in parts of whole sentences, whatever its size (for tests of the part logic).</summary>
    internal static IEnumerable<TextDocument> ReadParts(string path, int blockChars, CancellationToken cancellationToken)
    {
        using FileStream stream = Open(path);
        foreach (TextDocument part in ReadParts(stream, path, LenientUtf8, blockChars, _ => { }, cancellationToken))
        {
            yield return part;
        }
    }

    private static int ReadHead(Stream stream, byte[] head, string path)
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

    private static string ReadWhole(Stream stream, string path, Encoding? bom, Action<string> warn)
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

        string text;
        if (bom is not null)
        {
            int skip = bom.GetPreamble().Length;
            text = bom.GetString(bytes, skip, bytes.Length - skip);
        }
        else
        {
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                warn($"{path}: invalid UTF-8 at byte {e.Index}; invalid bytes were replaced with U+FFFD");
                text = LenientUtf8.GetString(bytes);
            }
        }

        return RemoveNuls(text, path, 0, warn);
    }

    // NUL bytes past the first 8 KB (which decide "binary") are not text: they become spaces, with a warning.
    private static string RemoveNuls(string text, string path, long offset, Action<string> warn)
    {
        int nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul < 0)
        {
            return text;
        }

        warn($"{path}: NUL character at character {offset + nul}; NUL characters were replaced with spaces");
        return text.Replace('\0', ' ');
    }

    // Reads blocks, segments them, and hands on all sentences but the last few (whose boundaries may
    // depend on text not yet read); the rest carries over into the next block.
    private static IEnumerable<TextDocument> ReadParts(Stream stream, string path, Encoding encoding, int blockChars, Action<string> warn,
        CancellationToken cancellationToken)
    {
        bool warnedNul = false, warnedUtf8 = false;
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
            int before = filled;
            while (!end && filled < block.Length)
            {
                int n = reader.Read(block, filled, block.Length - filled);
                if (n == 0)
                {
                    end = true;
                }

                filled += n;
            }

            Span<char> fresh = block.AsSpan(before, filled - before);
            if (encoding.DecoderFallback is FlaggingFallback { Replaced: true } && !warnedUtf8)
            {
                warnedUtf8 = true;
                int at = fresh.IndexOf('\uFFFD');
                warn($"{path}: invalid UTF-8 near character {offset + before + Math.Max(at, 0)}; invalid bytes were replaced with U+FFFD");
            }

            int nul = fresh.IndexOf('\0');
            if (nul >= 0)
            {
                if (!warnedNul)
                {
                    warnedNul = true;
                    warn($"{path}: NUL character at character {offset + before + nul}; NUL characters were replaced with spaces");
                }

                fresh.Replace('\0', ' ');
            }

            spans.Clear();
            segmenter.Segment(block.AsSpan(0, filled), spans, cancellationToken);
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

                // A full block with no sentence ready (one sentence, then only white space beyond the
                // look-ahead) must still move on, or the loop would never read again.
                if (take == 0 && filled == block.Length && spans.Count > 0)
                {
                    take = 1;
                }

                consumed = take < spans.Count ? spans[take].Start : filled;
            }

            if (take > 0 || (end && consumed > 0))
            {
                int length = take > 0 ? spans[take - 1].End : 0;
                var doc = new TextDocument(path, new string(block, 0, length));
                SetPart(doc, new PartInfo(offset, sentenceIndex));
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

    /// <summary>Replaces invalid UTF-8 with U+FFFD and remembers that it did, so large files get the same warning as small ones.</summary>
    private sealed class FlaggingFallback : DecoderFallback
    {
        public bool Replaced { get; private set; }

        public override int MaxCharCount => 1;

        /// <summary>Lenient UTF-8 decoding through a new fallback of this kind (encodings are read-only; this makes a copy).</summary>
        public static (Encoding Encoding, FlaggingFallback Fallback) Utf8()
        {
            var fallback = new FlaggingFallback();
            return (Encoding.GetEncoding("utf-8", EncoderFallback.ReplacementFallback, fallback), fallback);
        }

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new FallbackBuffer(this);

        private sealed class FallbackBuffer(FlaggingFallback owner) : DecoderFallbackBuffer
        {
            private int _remaining;

            public override int Remaining => _remaining;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                owner.Replaced = true;
                _remaining = 1;
                return true;
            }

            public override char GetNextChar()
            {
                if (_remaining == 0)
                {
                    return '\0';
                }

                _remaining--;
                return '\uFFFD';
            }

            public override bool MovePrevious()
            {
                if (_remaining > 0)
                {
                    return false;
                }

                _remaining++;
                return true;
            }
        }
    }

    private static Encoding? DetectBom(ReadOnlySpan<byte> head) => ByteOrderMark.Detect(head)?.Encoding;
}
