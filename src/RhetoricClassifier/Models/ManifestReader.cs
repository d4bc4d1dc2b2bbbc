using System.Text.Json;

namespace RhetoricClassifier.Models;

/// <summary>
/// Reads <c>manifest.json</c> with <see cref="Utf8JsonReader"/> into the same <see cref="ModelManifest"/> the
/// source-generated <see cref="ModelManifestJsonContext"/> would produce, or throws <see cref="JsonException"/>
/// where it would refuse the text. The context still writes manifests.
/// </summary>
/// <remarks>
/// <para>Why by hand: every process that scores loads a model, and the serializer's metadata for the manifest's
/// value-typed properties (int, double, float, bool, int?, long, DateTimeOffset, the tag enum) is generic code
/// over those types that ReadyToRun cannot precompile: deserialising cost about 35 ms of CPU per process in JIT,
/// a quarter of a one-sentence run. This reader is plain code and costs well under a millisecond.</para>
/// <para>Same rules as the serializer with the context's options: property names exact (camelCase, escapes
/// allowed), unknown properties skipped, the last of repeated properties wins, <c>null</c> accepted for
/// reference-typed and nullable properties and refused for value-typed ones, numbers only as JSON numbers,
/// a property left out gets its type's default (0, false, null: not the record's initial value, since the
/// generated code sets init-only properties in one object initializer), nothing after the top-level value. A test holds the two to
/// the same result on generated and damaged manifests; a property added to these records must be added here
/// (another test fails until it is).</para>
/// </remarks>
internal static class ManifestReader
{
    /// <summary>The manifest in <paramref name="json"/>, or <see langword="null"/> when the text is JSON <c>null</c>.</summary>
    public static ModelManifest? Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions());
        try
        {
            Next(ref reader);
            ModelManifest? manifest = reader.TokenType == JsonTokenType.Null ? null : ReadManifest(ref reader);
            if (reader.Read())
            {
                throw new JsonException($"'{reader.TokenType}' after the end of the manifest.");
            }

            return manifest;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            // Utf8JsonReader's Get* methods say FormatException (a number out of range, a malformed date) or
            // InvalidOperationException (a token of another type); the serializer reports both as JsonException.
            throw new JsonException(e.Message, e);
        }
    }

    private static ModelManifest ReadManifest(ref Utf8JsonReader reader)
    {
        StartObject(ref reader);
        int formatVersion = 0, trainingSetSize = 0, featureCount = 0;
        string? libraryVersion = null, trainingDataSha256 = null;
        List<string>? tags = null;
        Dictionary<string, float>? thresholds = null;
        TrainingOptions? training = null;
        EvaluationReport? crossValidation = null;
        DateTimeOffset createdUtc = default;
        Dictionary<string, ModelEntryHash>? entries = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("formatVersion"u8))
            {
                formatVersion = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("libraryVersion"u8))
            {
                libraryVersion = String(ref reader);
            }
            else if (reader.ValueTextEquals("tags"u8))
            {
                tags = StringList(ref reader);
            }
            else if (reader.ValueTextEquals("thresholds"u8))
            {
                thresholds = Thresholds(ref reader);
            }
            else if (reader.ValueTextEquals("training"u8))
            {
                Next(ref reader);
                training = reader.TokenType == JsonTokenType.Null ? null : ReadTraining(ref reader);
            }
            else if (reader.ValueTextEquals("trainingDataSha256"u8))
            {
                trainingDataSha256 = String(ref reader);
            }
            else if (reader.ValueTextEquals("trainingSetSize"u8))
            {
                trainingSetSize = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("featureCount"u8))
            {
                featureCount = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("crossValidation"u8))
            {
                Next(ref reader);
                crossValidation = reader.TokenType == JsonTokenType.Null ? null : ReadReport(ref reader);
            }
            else if (reader.ValueTextEquals("createdUtc"u8))
            {
                Next(ref reader);
                createdUtc = reader.TokenType == JsonTokenType.String ? reader.GetDateTimeOffset() : throw Unexpected(ref reader, "a date");
            }
            else if (reader.ValueTextEquals("entries"u8))
            {
                Next(ref reader);
                entries = reader.TokenType == JsonTokenType.Null ? null : ReadEntries(ref reader);
            }
            else
            {
                Skip(ref reader);
            }
        }

        // Every property is set, as the generated code does: one left out of the text gets its type's default, not
        // the record's initial value (a manifest without "formatVersion" reads as format 0 and is refused).
        return new ModelManifest
        {
            FormatVersion = formatVersion, LibraryVersion = libraryVersion!, Tags = tags!, Thresholds = thresholds!, Training = training!,
            TrainingDataSha256 = trainingDataSha256!, TrainingSetSize = trainingSetSize, FeatureCount = featureCount, CrossValidation = crossValidation,
            CreatedUtc = createdUtc, Entries = entries,
        };
    }

    private static TrainingOptions ReadTraining(ref Utf8JsonReader reader)
    {
        StartObject(ref reader);
        int folds = 0, seed = 0, wordNgramLength = 0, charNgramMin = 0, charNgramMax = 0, minDocumentFrequency = 0, featuresPerTag = 0;
        int numberOfTrees = 0, numberOfLeaves = 0, minimumExampleCountPerLeaf = 0, countCap = 0;
        int? threads = null;
        double learningRate = 0, featureFraction = 0, linearWeight = 0;
        float linearL2 = 0, linearL1 = 0;
        bool quoteTokens = false, cueLexicons = false;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("folds"u8))
            {
                folds = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("seed"u8))
            {
                seed = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("wordNgramLength"u8))
            {
                wordNgramLength = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("charNgramMin"u8))
            {
                charNgramMin = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("charNgramMax"u8))
            {
                charNgramMax = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("minDocumentFrequency"u8))
            {
                minDocumentFrequency = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("featuresPerTag"u8))
            {
                featuresPerTag = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("threads"u8))
            {
                Next(ref reader);
                threads = reader.TokenType == JsonTokenType.Null ? null : Int32Here(ref reader);
            }
            else if (reader.ValueTextEquals("numberOfTrees"u8))
            {
                numberOfTrees = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("numberOfLeaves"u8))
            {
                numberOfLeaves = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("minimumExampleCountPerLeaf"u8))
            {
                minimumExampleCountPerLeaf = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("learningRate"u8))
            {
                learningRate = Double(ref reader);
            }
            else if (reader.ValueTextEquals("featureFraction"u8))
            {
                featureFraction = Double(ref reader);
            }
            else if (reader.ValueTextEquals("linearWeight"u8))
            {
                linearWeight = Double(ref reader);
            }
            else if (reader.ValueTextEquals("linearL2Regularization"u8))
            {
                linearL2 = Single(ref reader);
            }
            else if (reader.ValueTextEquals("linearL1Regularization"u8))
            {
                linearL1 = Single(ref reader);
            }
            else if (reader.ValueTextEquals("countCap"u8))
            {
                countCap = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("quoteTokens"u8))
            {
                quoteTokens = Boolean(ref reader);
            }
            else if (reader.ValueTextEquals("cueLexicons"u8))
            {
                cueLexicons = Boolean(ref reader);
            }
            else
            {
                Skip(ref reader);
            }
        }

        return new TrainingOptions
        {
            Folds = folds, Seed = seed, WordNgramLength = wordNgramLength, CharNgramMin = charNgramMin, CharNgramMax = charNgramMax,
            MinDocumentFrequency = minDocumentFrequency, FeaturesPerTag = featuresPerTag, Threads = threads, NumberOfTrees = numberOfTrees,
            NumberOfLeaves = numberOfLeaves, MinimumExampleCountPerLeaf = minimumExampleCountPerLeaf, LearningRate = learningRate,
            FeatureFraction = featureFraction, LinearWeight = linearWeight, LinearL2Regularization = linearL2, LinearL1Regularization = linearL1,
            CountCap = countCap, QuoteTokens = quoteTokens, CueLexicons = cueLexicons,
        };
    }

    // A positional record with an init-only property: the serializer passes the constructor what it found and default
    // for what it did not, sets Warnings (null when left out), and skips the computed properties it writes (microF1 ...).
    private static EvaluationReport ReadReport(ref Utf8JsonReader reader)
    {
        StartObject(ref reader);
        List<TagMetrics>? tags = null;
        List<string>? warnings = null;
        int exampleCount = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("tags"u8))
            {
                Next(ref reader);
                tags = reader.TokenType == JsonTokenType.Null ? null : ReadMetricsList(ref reader);
            }
            else if (reader.ValueTextEquals("exampleCount"u8))
            {
                exampleCount = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("warnings"u8))
            {
                warnings = StringList(ref reader);
            }
            else
            {
                Skip(ref reader);
            }
        }

        return new EvaluationReport(tags!, exampleCount) { Warnings = warnings! };
    }

    private static List<TagMetrics> ReadMetricsList(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray, "an array");
        var list = new List<TagMetrics>();
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return list;
            }

            list.Add(reader.TokenType == JsonTokenType.Null ? null! : ReadMetrics(ref reader));
        }
    }

    private static TagMetrics ReadMetrics(ref Utf8JsonReader reader)
    {
        StartObject(ref reader);
        RhetoricTag tag = default;
        int tp = 0, fp = 0, fn = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("tag"u8))
            {
                Next(ref reader);
                tag = RhetoricTagJsonConverter.ReadTag(ref reader);
            }
            else if (reader.ValueTextEquals("truePositives"u8))
            {
                tp = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("falsePositives"u8))
            {
                fp = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("falseNegatives"u8))
            {
                fn = Int32(ref reader);
            }
            else
            {
                Skip(ref reader);
            }
        }

        return new TagMetrics(tag, tp, fp, fn);
    }

    private static Dictionary<string, ModelEntryHash> ReadEntries(ref Utf8JsonReader reader)
    {
        StartObject(ref reader);
        var entries = new Dictionary<string, ModelEntryHash>();
        while (NextProperty(ref reader))
        {
            string name = reader.GetString()!;
            Next(ref reader);
            entries[name] = reader.TokenType == JsonTokenType.Null ? null! : ReadEntryHash(ref reader);
        }

        return entries;
    }

    private static ModelEntryHash ReadEntryHash(ref Utf8JsonReader reader)
    {
        StartObject(ref reader);
        string? sha256 = null;
        long length = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("sha256"u8))
            {
                sha256 = String(ref reader);
            }
            else if (reader.ValueTextEquals("length"u8))
            {
                Next(ref reader);
                length = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : throw Unexpected(ref reader, "a number");
            }
            else
            {
                Skip(ref reader);
            }
        }

        return new ModelEntryHash(sha256!, length);
    }

    private static Dictionary<string, float>? Thresholds(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        StartObject(ref reader);
        var thresholds = new Dictionary<string, float>();
        while (NextProperty(ref reader))
        {
            string name = reader.GetString()!;
            thresholds[name] = Single(ref reader);
        }

        return thresholds;
    }

    private static List<string>? StringList(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, "an array");
        var list = new List<string>();
        while (true)
        {
            Next(ref reader);
            switch (reader.TokenType)
            {
                case JsonTokenType.EndArray:
                    return list;
                case JsonTokenType.String:
                    list.Add(reader.GetString()!);
                    break;
                case JsonTokenType.Null:
                    list.Add(null!);
                    break;
                default:
                    throw Unexpected(ref reader, "a string");
            }
        }
    }

    private static string? String(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw Unexpected(ref reader, "a string"),
        };
    }

    private static int Int32(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return Int32Here(ref reader);
    }

    private static int Int32Here(ref Utf8JsonReader reader)
        => reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : throw Unexpected(ref reader, "a number");

    private static double Double(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : throw Unexpected(ref reader, "a number");
    }

    private static float Single(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType == JsonTokenType.Number ? reader.GetSingle() : throw Unexpected(ref reader, "a number");
    }

    private static bool Boolean(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw Unexpected(ref reader, "true or false"),
        };
    }

    private static void StartObject(ref Utf8JsonReader reader) => Expect(ref reader, JsonTokenType.StartObject, "an object");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw Unexpected(ref reader, what);
        }
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The manifest ends before its end.");
        }
    }

    private static void Skip(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        reader.Skip();
    }

    private static JsonException Unexpected(ref Utf8JsonReader reader, string what)
        => new($"Expected {what} at byte {reader.TokenStartIndex}, found {reader.TokenType}.");
}
