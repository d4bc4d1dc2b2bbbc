using System.IO.Compression;

namespace RhetoricClassifier.Tests.Models;

/// <summary>A model zip's entries as name to uncompressed bytes, in their order, for tests that inspect or tamper with them.</summary>
internal static class ModelZip
{
    public static Dictionary<string, byte[]> Entries(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Entries(stream);
    }

    public static Dictionary<string, byte[]> Entries(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using Stream s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
    }

    public static void Write(string path, IEnumerable<KeyValuePair<string, byte[]>> entries)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach ((string name, byte[] bytes) in entries)
        {
            using Stream s = zip.CreateEntry(name).Open();
            s.Write(bytes);
        }
    }
}
