using System.Buffers;
using System.Text;
using System.Text.Json;

namespace RhetoricClassifier.Cli.Output;

/// <summary>
/// Small JSON values (a summary record, the report's sentence panel, <c>eval --format json</c>) written with
/// <see cref="Utf8JsonWriter"/>: no reflection-based serialisation, which a Native AOT build of the tool lacks.
/// </summary>
internal static class JsonText
{
    /// <summary>The UTF-8 bytes <paramref name="write"/> writes, in a buffer the caller may add to.</summary>
    public static ArrayBufferWriter<byte> Write(Action<Utf8JsonWriter> write, JsonWriterOptions options = default)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            write(json);
        }

        return buffer;
    }

    /// <summary>The text <paramref name="write"/> writes.</summary>
    public static string WriteText(Action<Utf8JsonWriter> write, JsonWriterOptions options = default)
        => Encoding.UTF8.GetString(Write(write, options).WrittenSpan);
}
