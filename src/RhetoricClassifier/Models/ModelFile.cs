using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using RhetoricClassifier.Features;
using RhetoricClassifier.Training;

namespace RhetoricClassifier.Models;

/// <summary>
/// Reads and writes the model zip: <c>manifest.json</c>, <c>vocabulary.txt</c> (one n-gram per line, in
/// feature order), one ML.NET FastTree model per tag under <c>tags/</c> and, in an ensemble (format 2,
/// <see cref="TrainingOptions.LinearWeight"/> above zero), one ML.NET logistic regression per tag under
/// <c>linear/</c>.
/// </summary>
internal static class ModelFile
{
    private const string ManifestEntry = "manifest.json";
    private const string VocabularyEntry = "vocabulary.txt";

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter<RhetoricTag>(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static string TagEntry(string id) => $"tags/{id}.mlnet";

    private static string LinearEntry(string id) => $"linear/{id}.mlnet";

    public static void Write(Stream stream, ModelManifest manifest, ModelCore core)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (Stream s = zip.CreateEntry(ManifestEntry).Open())
        {
            JsonSerializer.Serialize(s, manifest, Json);
        }

        using (var w = new StreamWriter(zip.CreateEntry(VocabularyEntry).Open(), new UTF8Encoding(false)))
        {
            foreach (string gram in core.Vocabulary.Grams)
            {
                w.Write(gram);
                w.Write('\n');
            }
        }

        for (int t = 0; t < core.Transformers.Count; t++)
        {
            WriteTransformer(zip, TagEntry(manifest.Tags[t]), core, core.Transformers[t]);
            if (core.LinearTransformers is { } linear)
            {
                WriteTransformer(zip, LinearEntry(manifest.Tags[t]), core, linear[t]);
            }
        }
    }

    private static void WriteTransformer(ZipArchive zip, string name, ModelCore core, ITransformer transformer)
    {
        // ML.NET's saver needs a seekable stream; zip entry streams are not.
        using var buffer = new MemoryStream();
        core.Context.Model.Save(transformer, MlNetInterop.SchemaView(core.Context, core.Vocabulary.Count), buffer);
        using Stream e = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        buffer.Position = 0;
        buffer.CopyTo(e);
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
        FeatureVocabulary vocabulary = ReadVocabulary(zip, source, manifest);
        var context = new MLContext(manifest.Training.Seed);
        var transformers = manifest.Tags.Select(id => ReadTransformer(zip, source, context, TagEntry(id), $"the model for tag '{id}'")).ToList();
        List<ITransformer>? linear = manifest.Training.LinearWeight > 0
            ? manifest.Tags.Select(id => ReadTransformer(zip, source, context, LinearEntry(id), $"the linear model for tag '{id}'")).ToList()
            : null;
        try
        {
            return (manifest, new ModelCore(context, vocabulary, transformers, linear, manifest.Training.LinearWeight));
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException(source, e.Message, e);
        }
    }

    private static ITransformer ReadTransformer(ZipArchive zip, string source, MLContext context, string name, string what)
    {
        ZipArchiveEntry entry = zip.GetEntry(name) ?? throw new ModelFormatException(source, $"{what} is missing");
        try
        {
            using var buffer = new MemoryStream();
            using (Stream e = entry.Open())
            {
                e.CopyTo(buffer);
            }

            buffer.Position = 0;
            return context.Model.Load(buffer, out _);
        }
        catch (Exception e) when (e is not ModelFormatException)
        {
            throw new ModelFormatException(source, $"{what} is damaged: {e.Message}", e);
        }
    }

    private static ModelManifest ReadManifest(ZipArchive zip, string source)
    {
        ZipArchiveEntry entry = zip.GetEntry(ManifestEntry)
            ?? throw new ModelFormatException(source, "no manifest.json: this zip is not a RhetoricClassifier model");
        ModelManifest? manifest;
        try
        {
            using Stream s = entry.Open();
            manifest = JsonSerializer.Deserialize<ModelManifest>(s, Json);
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

        string expected = string.Join(", ", RhetoricTags.All.Select(t => t.Id()));
        if (!manifest.Tags.SequenceEqual(RhetoricTags.All.Select(t => t.Id())))
        {
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

    private static FeatureVocabulary ReadVocabulary(ZipArchive zip, string source, ModelManifest manifest)
    {
        ZipArchiveEntry entry = zip.GetEntry(VocabularyEntry) ?? throw new ModelFormatException(source, "vocabulary.txt is missing");
        var grams = new List<string>();
        try
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                if (!(line.StartsWith("w:", StringComparison.Ordinal) || line.StartsWith("c:", StringComparison.Ordinal)
                    || (line.StartsWith("l:", StringComparison.Ordinal) && manifest.Training.CueLexicons)))
                {
                    throw new ModelFormatException(source, $"vocabulary.txt line {grams.Count + 1} is not an n-gram");
                }

                grams.Add(line);
            }

            return new FeatureVocabulary(manifest.Training.Features, grams);
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException(source, $"vocabulary.txt is damaged: {e.Message}", e);
        }
    }
}
