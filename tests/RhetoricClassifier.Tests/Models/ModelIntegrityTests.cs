using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RhetoricClassifier.Models;

namespace RhetoricClassifier.Tests.Models;

/// <summary>
/// A damaged or tampered model is refused, naming the entry, before it scores anything: every entry is checked
/// against the SHA-256 and length in the manifest, and what the hashes cannot catch (a tamperer who rewrites them
/// too) is caught by the shape checks. Entry sizes are capped before and while reading.
/// </summary>
[Collection(SmallModelCollection.Name)]
public sealed class ModelIntegrityTests(SmallModelFixture fixture) : IDisposable
{
    private readonly TempFolder _dir = new("rhetoric-integrity-");

    public void Dispose() => _dir.Dispose();

    private static readonly Lazy<Dictionary<string, byte[]>> BuiltIn = new(() =>
    {
        using var stream = new MemoryStream();
        RhetoricModel.LoadDefault().Save(stream);
        stream.Position = 0;
        return ModelZip.Entries(stream);
    });

    private static readonly Dictionary<string, Action<Dictionary<string, byte[]>>> Tamperings = new()
    {
        ["swap two tag entries"] = e => (e["tags/ai_justification.mlnet"], e["tags/cost_capex.mlnet"]) = (e["tags/cost_capex.mlnet"], e["tags/ai_justification.mlnet"]),
        ["swap two linear entries"] = e => (e["linear/human_impact.mlnet"], e["linear/cost_capex.mlnet"]) = (e["linear/cost_capex.mlnet"], e["linear/human_impact.mlnet"]),
        ["replace a tag entry with the built-in model's"] = e => e["tags/cost_capex.mlnet"] = BuiltIn.Value["tags/cost_capex.mlnet"],
        ["replace compiled.bin with the built-in model's"] = e => e["compiled.bin"] = BuiltIn.Value["compiled.bin"],
        ["edit one vocabulary line"] = e => e["vocabulary.txt"] = Encoding.UTF8.GetBytes(new System.Text.RegularExpressions.Regex("\nw:").Replace(Encoding.UTF8.GetString(e["vocabulary.txt"]), "\nw:x", 1)),
        ["drop the last vocabulary line"] = e => e["vocabulary.txt"] = Encoding.UTF8.GetBytes(string.Join('\n', Encoding.UTF8.GetString(e["vocabulary.txt"]).Split('\n')[..^2]) + "\n"),
        ["make a vocabulary line 5,000 bytes long"] = e => e["vocabulary.txt"] = Encoding.UTF8.GetBytes("w:" + new string('a', 4998) + "\n" + Encoding.UTF8.GetString(e["vocabulary.txt"])),
        ["truncate compiled.bin"] = e => e["compiled.bin"] = e["compiled.bin"][..^100],
        ["delete a linear entry"] = e => e.Remove("linear/human_impact.mlnet"),
    };

    [Theory]
    [InlineData("swap two tag entries", "tags/ai_justification.mlnet does not match the manifest's hash: the file was edited or damaged")]
    [InlineData("swap two linear entries", "linear/cost_capex.mlnet does not match the manifest's hash")]
    [InlineData("replace a tag entry with the built-in model's", "tags/cost_capex.mlnet does not match the manifest's hash")]
    [InlineData("replace compiled.bin with the built-in model's", "compiled.bin does not match the manifest's hash")]
    [InlineData("edit one vocabulary line", "vocabulary.txt does not match the manifest's hash")]
    [InlineData("truncate compiled.bin", "compiled.bin does not match the manifest's hash")]
    [InlineData("delete a linear entry", "the linear model for tag 'human_impact' is missing")]
    public void A_tampered_entry_is_refused_by_its_hash_naming_it(string tampering, string reason)
    {
        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(Tamper(tampering, rehash: false)));
        Assert.Contains(reason, e.Reason);
    }

    [Theory]
    // Reasons are patterns: the built-in model's feature count changes whenever it is retrained.
    [InlineData("replace compiled.bin with the built-in model's", @"compiled\.bin is damaged: it is for \d+ features but the vocabulary has \d+: it belongs to another model")]
    [InlineData("truncate compiled.bin", @"compiled\.bin is damaged: it is truncated")]
    [InlineData("drop the last vocabulary line", @"n-grams but the manifest says")]
    [InlineData("make a vocabulary line 5,000 bytes long", @"vocabulary\.txt line 1 is 5,000 bytes long, over the limit of 4,096")]
    public void A_tampered_entry_whose_hash_was_rewritten_too_is_refused_by_its_shape(string tampering, string reason)
    {
        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(Tamper(tampering, rehash: true)));
        Assert.Matches(reason, e.Reason);
    }

    [Fact]
    public void An_entry_the_manifest_does_not_list_is_refused()
    {
        string path = Rewrite(ModelZip.Entries(SavedModel()), entries =>
        {
            JsonObject manifest = JsonNode.Parse(entries["manifest.json"])!.AsObject();
            manifest["entries"]!.AsObject().Remove("compiled.bin");
            entries["manifest.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        });
        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(path));
        Assert.Contains("compiled.bin is not listed in the manifest's entries", e.Reason);
    }

    [Fact]
    public void An_entry_listed_with_a_null_hash_is_refused_not_read_unchecked()
    {
        // compiled.bin is replaced by another model's and its hash nulled: reading it unchecked would score wrongly.
        string path = Rewrite(ModelZip.Entries(SavedModel()), entries =>
        {
            entries["compiled.bin"] = BuiltIn.Value["compiled.bin"];
            JsonObject manifest = JsonNode.Parse(entries["manifest.json"])!.AsObject();
            manifest["entries"]!["compiled.bin"] = null;
            entries["manifest.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        });
        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(path));
        Assert.Contains("manifest.json: the hash of entry 'compiled.bin' is null", e.Reason);
    }

    [Fact]
    public void The_untampered_rewrite_loads_and_scores_as_the_original()
    {
        // The control for the tests above: rewriting the zip with its hashes recomputed breaks nothing by itself.
        string path = Rewrite(ModelZip.Entries(SavedModel()), _ => { }, rehash: true);
        Assert.All(fixture.Data, s => Assert.Equal(fixture.Model.Classify(s.Text), RhetoricModel.Load(path).Classify(s.Text)));
    }

    [Fact]
    public void A_zip_bomb_entry_is_refused_from_its_declared_size_without_reading_it()
    {
        // 80 MB of one vocabulary "line" (a few hundred KB compressed): over the 64 MiB vocabulary cap.
        string path = Path.Combine(_dir.Path, "bomb.zip");
        var entries = ModelZip.Entries(SavedModel());
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach ((string name, byte[] bytes) in entries.Where(e => e.Key != "vocabulary.txt"))
            {
                using Stream s = zip.CreateEntry(name).Open();
                s.Write(bytes);
            }

            using Stream v = zip.CreateEntry("vocabulary.txt", CompressionLevel.Fastest).Open();
            byte[] chunk = Encoding.ASCII.GetBytes(new string('a', 1 << 20));
            for (int i = 0; i < 80; i++)
            {
                v.Write(chunk);
            }
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains($"vocabulary.txt is {80 << 20:N0} bytes uncompressed, over the limit of {ModelLimits.MaxVocabularyBytes:N0}", e.Reason);
        Assert.True(allocated < 8 << 20, $"{allocated:N0} bytes allocated to refuse the bomb");
    }

    [Fact]
    public void An_entry_that_holds_more_than_its_declared_size_is_refused_after_reading_at_most_that_size()
    {
        // The zip directory is edited to say vocabulary.txt is 1,000 bytes long: reading stops there.
        var entries = ModelZip.Entries(SavedModel());
        byte[] zip = File.ReadAllBytes(Rewrite(entries, _ => { }));
        byte[] name = Encoding.ASCII.GetBytes("vocabulary.txt");
        Assert.True(entries["vocabulary.txt"].Length > 1000);
        bool patched = false;
        for (int i = 0; i + 46 + name.Length <= zip.Length; i++)
        {
            // Central directory header: signature PK\1\2, uncompressed size at +24, name length at +28, name at +46.
            if (zip.AsSpan(i, 4).SequenceEqual("PK\u0001\u0002"u8) && zip.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 24, 4), 1000);
                patched = true;
            }
        }

        Assert.True(patched);
        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(_dir.Write("lying.zip", zip)));
        Assert.Contains("vocabulary.txt", e.Reason);
    }

    [Fact]
    public void A_non_seekable_stream_longer_than_the_cap_is_refused_after_reading_the_cap()
    {
        using var endless = new EndlessZipLikeStream();
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.CopyToMemory(endless, "pipe", limit: 1 << 20));
        Assert.Contains("longer than 1,048,576 bytes", e.Reason);
        Assert.InRange(endless.Produced, 1 << 20, (1 << 20) + (128 << 10));
    }

    [Fact]
    public void A_non_seekable_stream_that_is_not_a_zip_is_refused_at_its_first_bytes()
    {
        using var endless = new EndlessZipLikeStream(zipHeader: false);
        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(endless, "pipe"));
        Assert.Contains("not a zip archive", e.Reason);
        Assert.True(endless.Produced < 1 << 20);
    }

    [Theory]
    [InlineData("/dev/zero", "not a RhetoricClassifier model (not a zip archive)")]   // was "the file is empty": a device reports no length
    [InlineData("/dev/urandom", "not a RhetoricClassifier model (not a zip archive)")]
    [InlineData("/dev/null", "the file is empty")]
    public void A_device_given_as_the_model_is_read_as_a_stream_and_refused_at_its_first_bytes(string device, string reason)
    {
        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(device));

        Assert.Equal(reason, e.Reason);
    }

    private string SavedModel()
    {
        string path = Path.Combine(_dir.Path, "model.zip");
        fixture.Model.Save(path);
        return path;
    }

    private string Tamper(string tampering, bool rehash) => Rewrite(ModelZip.Entries(SavedModel()), Tamperings[tampering], rehash);

    /// <summary>Writes the entries, edited, to a new zip; with <paramref name="rehash"/>, the manifest's hashes are made to match, as a careful tamperer would.</summary>
    private string Rewrite(Dictionary<string, byte[]> entries, Action<Dictionary<string, byte[]>> edit, bool rehash = false)
    {
        edit(entries);
        if (rehash)
        {
            JsonObject manifest = JsonNode.Parse(entries["manifest.json"])!.AsObject();
            JsonObject listed = manifest["entries"]!.AsObject();
            foreach ((string name, byte[] bytes) in entries.Where(e => listed.ContainsKey(e.Key)))
            {
                listed[name] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)), ["length"] = bytes.Length };
            }

            entries["manifest.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        }

        string path = Path.Combine(_dir.Path, $"tampered-{Guid.NewGuid():N}.zip");
        ModelZip.Write(path, entries);
        return path;
    }

    /// <summary>A pipe that never ends: a zip's first bytes (or not), then zeros; counts what was read from it.</summary>
    private sealed class EndlessZipLikeStream(bool zipHeader = true) : Stream
    {
        public long Produced { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Clear(buffer, offset, count);
            if (Produced == 0 && zipHeader && count >= 4)
            {
                "PK\u0003\u0004"u8.CopyTo(buffer.AsSpan(offset));
            }

            Produced += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
