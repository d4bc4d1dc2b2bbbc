using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using RhetoricClassifier.Features;
using RhetoricClassifier.Scoring;
using RhetoricClassifier.Training;

namespace RhetoricClassifier.Models;

/// <summary>
/// Reads and writes the model zip: <c>manifest.json</c>, <c>vocabulary.txt</c> (one n-gram per line, in feature
/// order), <c>compiled.bin</c> (format 3: the learners as scoring reads them, see <see cref="CompiledEntry"/>),
/// one ML.NET FastTree model per tag under <c>tags/</c> and, in an ensemble (format 2 and later,
/// <see cref="TrainingOptions.LinearWeight"/> above zero), one ML.NET logistic regression per tag under
/// <c>linear/</c>.
/// </summary>
/// <remarks>
/// <para>A format-3 file is scored from <c>compiled.bin</c> without loading ML.NET; the ML.NET entries are kept as
/// bytes, loaded only for the reference path, and copied unchanged when the model is saved again. Files of
/// formats 1 and 2 have no compiled entry: they load through ML.NET as before (about a fifth of a second more
/// per process) and are written back as format 3.</para>
/// <para>Every entry is read whole into memory under a cap (<see cref="ModelLimits"/>) checked against its
/// declared size before reading and against the bytes actually produced while reading. In format 3 the manifest
/// records each entry's SHA-256 and length, and an entry that does not match is refused before it is used.</para>
/// </remarks>
internal static class ModelFile
{
    private const string ManifestEntry = "manifest.json";
    private const string VocabularyEntry = "vocabulary.txt";

    private static string TagEntry(string id) => $"tags/{id}.mlnet";

    private static string LinearEntry(string id) => $"linear/{id}.mlnet";

    public static void Write(Stream stream, ModelManifest manifest, ModelCore core)
    {
        // Every entry is made first, so that the manifest, written first, can record their hashes.
        var entries = new List<(string Name, byte[] Bytes, CompressionLevel Level)>
        {
            (VocabularyEntry, VocabularyBytes(core.Vocabulary), CompressionLevel.Optimal),
            (CompiledEntry.Name, CompiledEntry.Write(manifest.Tags, core.Vocabulary.Count, core.Ensembles, core.LinearModels, core.LinearWeight),
                CompressionLevel.NoCompression),
        };
        for (int t = 0; t < manifest.Tags.Count; t++)
        {
            entries.Add((TagEntry(manifest.Tags[t]), core.MlNet.EntryBytes(t, linear: false), CompressionLevel.NoCompression));
            if (core.MlNet.HasLinear)
            {
                entries.Add((LinearEntry(manifest.Tags[t]), core.MlNet.EntryBytes(t, linear: true), CompressionLevel.NoCompression));
            }
        }

        ModelManifest written = manifest with
        {
            FormatVersion = ModelManifest.CurrentFormatVersion,
            FeatureCount = core.Vocabulary.Count,
            Entries = entries.ToDictionary(e => e.Name, e => new ModelEntryHash(Sha256(e.Bytes), e.Bytes.Length)),
        };
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (Stream s = zip.CreateEntry(ManifestEntry).Open())
        {
            JsonSerializer.Serialize(s, written, ModelManifestJsonContext.Default.ModelManifest);
        }

        foreach ((string name, byte[] bytes, CompressionLevel level) in entries)
        {
            using Stream e = zip.CreateEntry(name, level).Open();
            e.Write(bytes);
        }
    }

    private static byte[] VocabularyBytes(FeatureVocabulary vocabulary)
    {
        var text = new StringBuilder();
        foreach (string gram in vocabulary.Grams)
        {
            text.Append(gram).Append('\n');
        }

        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    private static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// A model stream that cannot seek (a pipe), copied into memory up to <see cref="ModelLimits.MaxStreamedModelBytes"/>:
    /// a zip's directory is at its end.
    /// </summary>
    public static MemoryStream CopyToMemory(Stream stream, string source, int limit = ModelLimits.MaxStreamedModelBytes)
    {
        var copy = new MemoryStream();
        byte[] buffer = new byte[81920];
        bool checkedStart = false;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (copy.Length + read > limit)
            {
                throw new ModelFormatException(source,
                    $"the model stream is longer than {limit:N0} bytes, the most read from a stream that cannot seek; save the model to a file and load it from there");
            }

            copy.Write(buffer, 0, read);

            // A zip starts with a local file header (or, when empty, with the end of its directory): refuse anything
            // else at once rather than after reading up to the limit (--model <(cat /dev/zero)).
            if (!checkedStart && copy.Length >= 4)
            {
                checkedStart = true;
                ReadOnlySpan<byte> start = copy.GetBuffer().AsSpan(0, 4);
                if (!start.SequenceEqual("PK\u0003\u0004"u8) && !start.SequenceEqual("PK\u0005\u0006"u8))
                {
                    throw new ModelFormatException(source, "not a RhetoricClassifier model (not a zip archive)");
                }
            }
        }

        copy.Position = 0;
        return copy;
    }

    public static (ModelManifest Manifest, ModelCore Core) Read(Stream stream, string source)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException(source, "not a RhetoricClassifier model (not a zip archive, or truncated)", e);
        }

        using (zip)
        {
            try
            {
                return ReadEntries(zip, source);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                throw new ModelFormatException(source, $"the model file is truncated or damaged: {e.Message}", e);
            }
        }
    }

    private static (ModelManifest Manifest, ModelCore Core) ReadEntries(ZipArchive zip, string source)
    {
        ModelManifest manifest = ReadManifest(zip, source);
        var entries = new EntryReader(zip, source, manifest);
        FeatureVocabulary vocabulary = ReadVocabulary(entries, source, manifest);
        byte[][] tagBytes = [.. manifest.Tags.Select(id => entries.Read(TagEntry(id), ModelLimits.MaxLearnerEntryBytes, $"the model for tag '{id}'"))];
        byte[][]? linearBytes = manifest.Training.LinearWeight > 0
            ? [.. manifest.Tags.Select(id => entries.Read(LinearEntry(id), ModelLimits.MaxLearnerEntryBytes, $"the linear model for tag '{id}'"))]
            : null;
        try
        {
            if (manifest.FormatVersion < 3)
            {
                return (manifest, ReadWithMlNet(manifest, vocabulary, source, tagBytes, linearBytes));
            }

            byte[] compiled = entries.Read(CompiledEntry.Name, ModelLimits.MaxLearnerEntryBytes, CompiledEntry.Name);
            (IReadOnlyList<TagEnsemble> ensembles, IReadOnlyList<LinearTagModel>? linear) = ReadCompiled(compiled, manifest, vocabulary, source);
            var mlNet = MlNetModels.FromBytes(manifest.Training.Seed, vocabulary.Count, tagBytes, linearBytes);
            return (manifest, new ModelCore(vocabulary, ensembles, linear, manifest.Training.LinearWeight, mlNet));
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException(source, e.Message, e);
        }
    }

    private static (IReadOnlyList<TagEnsemble> Ensembles, IReadOnlyList<LinearTagModel>? Linear) ReadCompiled(byte[] bytes, ModelManifest manifest,
        FeatureVocabulary vocabulary, string source)
    {
        try
        {
            return CompiledEntry.Read(bytes, manifest.Tags, vocabulary.Count, manifest.Training.LinearWeight);
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException(source, $"{CompiledEntry.Name} is damaged: {e.Message}", e);
        }
    }

    /// <summary>
    /// Formats 1 and 2: the learners exist only as ML.NET models, so ML.NET is loaded and the trees extracted from
    /// them. Kept out of line so that reading a format-3 file never makes the JIT resolve an ML.NET type.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ModelCore ReadWithMlNet(ModelManifest manifest, FeatureVocabulary vocabulary, string source, byte[][] tagBytes, byte[][]? linearBytes)
    {
        var context = new MLContext(manifest.Training.Seed);
        var transformers = manifest.Tags.Select((id, t) => LoadTransformer(context, tagBytes[t], source, $"the model for tag '{id}'")).ToList();
        List<ITransformer>? linear = linearBytes is null
            ? null
            : manifest.Tags.Select((id, t) => LoadTransformer(context, linearBytes[t], source, $"the linear model for tag '{id}'")).ToList();
        ModelCore core = MlNetModels.FromTransformers(context, manifest.Training.Seed, vocabulary.Count, transformers, linear, tagBytes, linearBytes)
            .ToCore(vocabulary, manifest.Training.LinearWeight);

        // The extracted learners get the same checks as a compiled entry (feature indices within the vocabulary,
        // well-formed trees): a format-2 file carries no hashes, so this is all that stands between a damaged
        // file and wrong scores.
        ReadCompiled(CompiledEntry.Write(manifest.Tags, vocabulary.Count, core.Ensembles, core.LinearModels, core.LinearWeight), manifest, vocabulary, source);
        return core;
    }

    private static ITransformer LoadTransformer(MLContext context, byte[] bytes, string source, string what)
    {
        try
        {
            return MlNetModels.LoadTransformer(context, bytes);
        }
        catch (Exception e)
        {
            throw new ModelFormatException(source, $"{what} is damaged: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads entries whole under a cap and, in format 3, checks each against the manifest's SHA-256 and length
    /// before it is used.
    /// </summary>
    private sealed class EntryReader(ZipArchive zip, string source, ModelManifest manifest)
    {
        public byte[] Read(string name, int cap, string what)
        {
            ZipArchiveEntry entry = zip.GetEntry(name) ?? throw new ModelFormatException(source, $"{what} is missing");
            return Read(entry, cap);
        }

        public byte[] Read(ZipArchiveEntry entry, int cap)
        {
            string name = entry.FullName;
            ModelEntryHash? expected = null;
            if (manifest.FormatVersion >= 3 && !(manifest.Entries?.TryGetValue(name, out expected) ?? false))
            {
                throw new ModelFormatException(source, $"{name} is not listed in the manifest's entries: the file was edited or damaged");
            }

            // The declared size comes from the zip's directory: refuse before reading a byte, then never read past it.
            if (entry.Length > cap)
            {
                throw new ModelFormatException(source, $"{name} is {entry.Length:N0} bytes uncompressed, over the limit of {cap:N0}");
            }

            byte[] bytes = new byte[entry.Length];
            try
            {
                using Stream s = entry.Open();
                int total = 0, read;
                while (total < bytes.Length && (read = s.Read(bytes, total, bytes.Length - total)) > 0)
                {
                    total += read;
                }

                // Never more than declared (plus this one byte): an entry that expands further is refused, not read.
                if (total < bytes.Length || s.ReadByte() >= 0)
                {
                    throw new InvalidDataException($"it does not hold the {entry.Length:N0} bytes the zip directory says");
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                throw new ModelFormatException(source, $"{name} is truncated or damaged: {e.Message}", e);
            }

            if (expected is not null && (expected.Length != bytes.Length || !string.Equals(Sha256(bytes), expected.Sha256, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ModelFormatException(source, $"{name} does not match the manifest's hash: the file was edited or damaged");
            }

            return bytes;
        }
    }

    private static ModelManifest ReadManifest(ZipArchive zip, string source)
    {
        ZipArchiveEntry entry = zip.GetEntry(ManifestEntry)
            ?? throw new ModelFormatException(source, "no manifest.json: this zip is not a RhetoricClassifier model");
        ModelManifest? manifest;
        try
        {
            // The manifest is read before its hashes exist: capped, never verified.
            byte[] bytes = new EntryReader(zip, source, new ModelManifest { FormatVersion = 0 }).Read(entry, ModelLimits.MaxManifestBytes);
            manifest = ManifestReader.Read(bytes);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new ModelFormatException(source, $"manifest.json is damaged: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new ModelFormatException(source, "manifest.json is empty");
        }

        // JSON null deserialises past the property defaults: refuse it here rather than fail later with a
        // NullReferenceException.
        foreach ((string field, object? value) in new (string, object?)[] { ("tags", manifest.Tags), ("thresholds", manifest.Thresholds), ("training", manifest.Training) })
        {
            if (value is null)
            {
                throw new ModelFormatException(source, $"manifest.json: '{field}' is missing or null");
            }
        }

        try
        {
            // Out-of-range options would silently change scores (charNgramMin -5) or exhaust memory (charNgramMax 2147483647).
            manifest.Training.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ModelFormatException(source, $"manifest.json: training option '{e.ParamName}' is out of range ({e.ActualValue})", e);
        }

        if (manifest.FormatVersion > ModelManifest.CurrentFormatVersion)
        {
            throw new ModelFormatException(source,
                $"written in model format {manifest.FormatVersion} by RhetoricClassifier {manifest.LibraryVersion}; this version reads format {ModelManifest.CurrentFormatVersion} and older: upgrade the library");
        }

        if (manifest.FormatVersion >= 3 && manifest.Entries is null)
        {
            throw new ModelFormatException(source, "manifest.json: 'entries' is missing or null");
        }

        // An entry listed with no hash would otherwise be read unchecked: as bad as not listing it.
        // (A loop, not LINQ: generic code over KeyValuePair is JIT-compiled at start-up despite ReadyToRun.)
        if (manifest.FormatVersion >= 3)
        {
            foreach (KeyValuePair<string, ModelEntryHash> listed in manifest.Entries!)
            {
                if (listed.Value is null)
                {
                    throw new ModelFormatException(source, $"manifest.json: the hash of entry '{listed.Key}' is null");
                }
            }
        }

        if (manifest.FormatVersion < 1)
        {
            throw new ModelFormatException(source, $"invalid format version {manifest.FormatVersion}");
        }

        if (manifest.FormatVersion < 2)
        {
            // Format 1 predates the ensemble: its training options say nothing of a linear part, so the
            // defaults of this version must not be read into them.
            manifest = manifest with { Training = manifest.Training with { LinearWeight = 0, CountCap = 0, QuoteTokens = false, CueLexicons = false } };
        }

        if (manifest.Training.LinearWeight is < 0 or > 1 || double.IsNaN(manifest.Training.LinearWeight))
        {
            throw new ModelFormatException(source, $"invalid linear weight {manifest.Training.LinearWeight}");
        }

        if (!IsThisVersionsTagList(manifest.Tags))
        {
            string expected = string.Join(", ", RhetoricTags.All.Select(t => t.Id()));
            string unknown = string.Join(", ", manifest.Tags.Where(t => !RhetoricTags.TryParse(t, out _)).Select(t => $"'{t}'"));
            throw new ModelFormatException(source, unknown.Length > 0
                ? $"the model predicts unknown tags {unknown}; this version knows {expected}"
                : $"the model's tags ({string.Join(", ", manifest.Tags)}) are not this version's tags ({expected})");
        }

        foreach (string id in manifest.Tags)
        {
            if (!manifest.Thresholds.TryGetValue(id, out float th) || !(th >= 0 && th <= 1))
            {
                throw new ModelFormatException(source, $"the manifest has no valid threshold for tag '{id}'");
            }
        }

        return manifest;
    }

    // Plain loop: LINQ over the tag enum here would be compiled at run time in every process that loads a model.
    private static bool IsThisVersionsTagList(IReadOnlyList<string> tags)
    {
        if (tags.Count != RhetoricTags.Count)
        {
            return false;
        }

        for (int t = 0; t < RhetoricTags.Count; t++)
        {
            if (!string.Equals(tags[t], ((RhetoricTag)t).Id(), StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static FeatureVocabulary ReadVocabulary(EntryReader entries, string source, ModelManifest manifest)
    {
        ReadOnlySpan<byte> rest = entries.Read(VocabularyEntry, ModelLimits.MaxVocabularyBytes, VocabularyEntry);
        var grams = new List<string>();
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.Length > ModelLimits.MaxVocabularyLineBytes)
            {
                throw new ModelFormatException(source, $"{VocabularyEntry} line {grams.Count + 1} is {line.Length:N0} bytes long, over the limit of {ModelLimits.MaxVocabularyLineBytes:N0}");
            }

            string gram;
            try
            {
                gram = utf8.GetString(line.EndsWith("\r"u8) ? line[..^1] : line);
            }
            catch (DecoderFallbackException e)
            {
                throw new ModelFormatException(source, $"{VocabularyEntry} line {grams.Count + 1} is not valid UTF-8", e);
            }

            if (!(gram.StartsWith("w:", StringComparison.Ordinal) || gram.StartsWith("c:", StringComparison.Ordinal)
                || (gram.StartsWith("l:", StringComparison.Ordinal) && manifest.Training.CueLexicons)))
            {
                throw new ModelFormatException(source, $"{VocabularyEntry} line {grams.Count + 1} is not an n-gram");
            }

            grams.Add(gram);
        }

        if (manifest.FormatVersion >= 3 && grams.Count != manifest.FeatureCount)
        {
            throw new ModelFormatException(source, $"{VocabularyEntry} has {grams.Count} n-grams but the manifest says {manifest.FeatureCount}");
        }

        try
        {
            return new FeatureVocabulary(manifest.Training.Features, grams);
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException(source, $"{VocabularyEntry} is damaged: {e.Message}", e);
        }
    }
}
