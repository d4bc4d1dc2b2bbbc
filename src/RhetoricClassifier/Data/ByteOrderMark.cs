using System.Text;

namespace RhetoricClassifier.Data;

/// <summary>The byte order marks every reader of text files honours: UTF-8, UTF-16 and UTF-32, either byte order.</summary>
internal static class ByteOrderMark
{
    /// <summary>Bytes a caller must have read (when the input has them) for <see cref="Detect"/> to tell every mark apart.</summary>
    public const int MaxLength = 4;

    /// <summary>
    /// The encoding the byte order mark at the start of <paramref name="head"/> announces, and the mark's length;
    /// null when there is none. UTF-32 little-endian (FF FE 00 00) is told from UTF-16 little-endian (FF FE) first,
    /// as <see cref="StreamReader"/> does: a UTF-32 file was read as UTF-16 ("W e   c u t", scored without a word).
    /// Invalid sequences become U+FFFD.
    /// </summary>
    public static (Encoding Encoding, int Length)? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: false), 3);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return (new UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: false), 4);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return (new UTF32Encoding(bigEndian: true, byteOrderMark: true, throwOnInvalidCharacters: false), 4);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: false), 2);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: false), 2);
        }

        return null;
    }
}
