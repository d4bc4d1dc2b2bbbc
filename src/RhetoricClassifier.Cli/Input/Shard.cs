using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RhetoricClassifier.Cli.Input;

/// <summary>
/// <c>--shard i/N</c>: the documents whose identity hashes to <c>i</c> modulo <c>N</c>. The hash is SHA-256 of the
/// identity's UTF-8 bytes, so every process on every machine, runtime and platform puts a document in the same
/// shard: N independent runs are disjoint and together score exactly what one unsharded run scores.
/// </summary>
internal readonly record struct Shard(int Index, int Count)
{
    public static Shard All { get; } = new(0, 1);

    public bool IsAll => Count == 1;

    public static Shard Parse(string? value)
    {
        if (value is null)
        {
            return All;
        }

        string[] parts = value.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int count)
            || count < 1 || index >= count)
        {
            throw new UsageException($"option '--shard' must be INDEX/COUNT with 0 <= INDEX < COUNT (for example 0/4), not '{value}'");
        }

        return new Shard(index, count);
    }

    /// <summary>Whether the document with this identity belongs to the shard.</summary>
    public bool Contains(string identity)
    {
        if (IsAll)
        {
            return true;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(identity), hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash) % (ulong)Count == (ulong)Index;
    }

    /// <summary>
    /// A file's identity: its path relative to the folder it was found in (or as given, for a file named on the
    /// command line), with '/' separators, so that it does not depend on where each machine mounts the data.
    /// </summary>
    public static string FileIdentity(string? folder, string path)
        => (folder is null ? path : Path.GetRelativePath(folder, path)).Replace('\\', '/');
}
