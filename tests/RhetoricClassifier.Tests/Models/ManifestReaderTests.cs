using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using RhetoricClassifier.Models;

namespace RhetoricClassifier.Tests.Models;

/// <summary>
/// Model loading reads <c>manifest.json</c> with a hand-written <see cref="ManifestReader"/> (no serializer metadata
/// to compile at start-up); the source-generated context still writes it. The reader must accept exactly what the
/// serializer accepts and produce the same manifest, on generated manifests and on damaged ones.
/// </summary>
public sealed class ManifestReaderTests
{
    // Compares manifests field by field (computed properties left out, so a report without tags can be described).
    private static readonly JsonSerializerOptions Describe = new()
    {
        IgnoreReadOnlyProperties = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals, // 1e40 reads as a float infinity
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    private static string Description(ModelManifest? manifest) => JsonSerializer.Serialize(manifest, Describe);

    private static readonly Gen<string> Id = Gen.OneOf(Gen.Const("ai_justification"), Gen.Const("cost_capex"), Gen.Const("human_impact"), Gen.String[Gen.Char["ab_\u00e9\"\\"], 0, 8]);

    private static readonly Gen<TrainingOptions> Training = Gen.Select(Gen.Int.Array[10], Gen.Double.Array[3], Gen.Float.Array[2], Gen.Bool.Array[3])
        .Select((i, d, f, b) => new TrainingOptions
        {
            Folds = i[0], Seed = i[1], WordNgramLength = i[2], CharNgramMin = i[3], CharNgramMax = i[4], MinDocumentFrequency = i[5],
            FeaturesPerTag = i[6], Threads = b[2] ? null : i[7], NumberOfTrees = i[8], NumberOfLeaves = i[9], MinimumExampleCountPerLeaf = i[0] ^ i[1],
            LearningRate = Finite(d[0]), FeatureFraction = Finite(d[1]), LinearWeight = Finite(d[2]), LinearL2Regularization = Finite(f[0]),
            LinearL1Regularization = Finite(f[1]), CountCap = i[2] ^ i[3], QuoteTokens = b[0], CueLexicons = b[1],
        });

    private static readonly Gen<EvaluationReport?> Report = Gen.Select(Gen.Select(Gen.Enum<RhetoricTag>(), Gen.Int[0, 100_000], Gen.Int[0, 100_000], Gen.Int[0, 100_000],
        (tag, tp, fp, fn) => new TagMetrics(tag, tp, fp, fn)).List[0, 4], Gen.Int, Id.List[0, 3], Gen.Bool)
        .Select((tags, n, warnings, none) => none ? null : new EvaluationReport(tags, n) { Warnings = warnings });

    private static readonly Gen<ModelManifest> Manifest = Gen.Select(Gen.Int, Id.List[0, 4], Gen.Dictionary(Id, Gen.Float.Select(Finite))[0, 4], Training, Report,
        Gen.Select(Gen.Long[-1_000_000_000_000, 1_000_000_000_000], Gen.Int[-840, 840], (ticks, offset) => new DateTimeOffset(new DateTime(2026, 1, 1).AddTicks(ticks), TimeSpan.FromMinutes(offset))),
        Gen.Dictionary(Id, Gen.Select(Gen.String[Gen.Char["0123456789abcdef"], 64, 64], Gen.Long, (sha, length) => new ModelEntryHash(sha, length)))[0, 4].Null())
        .Select((v, tags, thresholds, training, report, created, entries) => new ModelManifest
        {
            FormatVersion = v, LibraryVersion = $"0.{v & 7}.0", Tags = tags, Thresholds = thresholds, Training = training, CrossValidation = report,
            TrainingDataSha256 = new string('c', v & 15), TrainingSetSize = v ^ 0x55, FeatureCount = v >> 3, CreatedUtc = created, Entries = entries,
        });

    private static double Finite(double d) => double.IsFinite(d) ? d : 0.5;

    private static float Finite(float f) => float.IsFinite(f) ? f : 0.25f;

    private static byte[] Serialize(ModelManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, ModelManifestJsonContext.Default.ModelManifest);

    // What the serializer makes of the text, or null when it refuses it.
    private static string? BySerializer(byte[] json)
    {
        try
        {
            return Description(JsonSerializer.Deserialize(json, ModelManifestJsonContext.Default.ModelManifest));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ByReader(byte[] json)
    {
        try
        {
            return Description(ManifestReader.Read(json));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [Fact]
    public void The_reader_reads_every_written_manifest_as_the_serializer_does()
    {
        Manifest.Sample(manifest =>
        {
            byte[] json = Serialize(manifest);
            Assert.Equal(Description(manifest), ByReader(json));
            Assert.Equal(BySerializer(json), ByReader(json));
        }, iter: 3_000);
    }

    // Values put in place of one value of a manifest: right and wrong types, nulls, out-of-range numbers.
    private static readonly Gen<string> Replacement = Gen.OneOf(
        Gen.Const("null"), Gen.Const("true"), Gen.Const("false"), Gen.Const("0"), Gen.Const("-0"), Gen.Const("7"), Gen.Const("1.5"), Gen.Const("1e40"),
        Gen.Const("1e400"), Gen.Const("3000000000"), Gen.Const("9223372036854775808"), Gen.Const("\"x\""), Gen.Const("\"7\""), Gen.Const("\"cost_capex\""),
        Gen.Const("\"2026-11-23T10:47:53+00:00\""), Gen.Const("\"2026-13-45\""), Gen.Const("[]"), Gen.Const("[\"a\", null]"), Gen.Const("{}"),
        Gen.Const("{\"sha256\": \"ab\", \"length\": 3}"), Gen.Const("[{\"tag\": \"human_impact\", \"truePositives\": 1}]"), Gen.Const("\"\\u0041\""));

    [Fact]
    public void The_reader_accepts_and_refuses_damaged_manifests_exactly_as_the_serializer_does()
    {
        byte[] real = Serialize(RhetoricModel.LoadDefault().Manifest);
        int accepted = 0, refused = 0;
        Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 5], Replacement, Gen.Int[0, 3]).Sample((pick, action, value, extra) =>
        {
            JsonNode root = JsonNode.Parse(real)!;
            var values = new List<JsonNode>();
            Collect(root, values);
            JsonNode target = values[pick % values.Count];
            string json;
            if (target.Parent is JsonObject parent)
            {
                string name = target.GetPropertyName();
                switch (action)
                {
                    case 0:
                        parent.Remove(name);
                        break;
                    case 1:
                        parent["unknown" + extra] = JsonNode.Parse(value);
                        break;
                    default:
                        parent[name] = JsonNode.Parse(value);
                        break;
                }

                json = root.ToJsonString();

                // A repeated property: the last one counts (or both refuse).
                if (action == 5)
                {
                    json = json.Replace($"\"{name}\":", $"\"{name}\":{value},\"{name}\":", StringComparison.Ordinal);
                }
            }
            else
            {
                ((JsonArray)target.Parent!)[target.GetElementIndex()] = JsonNode.Parse(value);
                json = root.ToJsonString();
            }

            byte[] bytes = Encoding.UTF8.GetBytes(json);
            string? expected = BySerializer(bytes);
            Assert.Equal(expected, ByReader(bytes));
            if (expected is null)
            {
                Interlocked.Increment(ref refused);
            }
            else
            {
                Interlocked.Increment(ref accepted);
            }
        }, iter: 5_000);
        Assert.True(accepted > 500 && refused > 500, $"{accepted} accepted and {refused} refused: the cases should cover both");
    }

    // Deterministic companion of the test above: every property of a real manifest, left out or set to null, reads
    // the same both ways. A property added to the manifest's records but not to the reader fails here at once.
    [Fact]
    public void Every_property_of_a_real_manifest_left_out_or_null_reads_as_the_serializer_reads_it()
    {
        byte[] real = Serialize(RhetoricModel.LoadDefault().Manifest with
        {
            CrossValidation = RhetoricModel.LoadDefault().Manifest.CrossValidation! with { Warnings = ["3 duplicates"] },
        });
        int count = 0;
        var all = new List<JsonNode>();
        Collect(JsonNode.Parse(real)!, all);
        for (int i = 0; i < all.Count; i++)
        {
            foreach (string? replacement in new[] { null, "null" })
            {
                JsonNode root = JsonNode.Parse(real)!;
                var values = new List<JsonNode>();
                Collect(root, values);
                JsonNode target = values[i];
                if (target.Parent is not JsonObject parent)
                {
                    continue;
                }

                string name = target.GetPropertyName();
                if (replacement is null)
                {
                    parent.Remove(name);
                }
                else
                {
                    parent[name] = null;
                }

                byte[] bytes = Encoding.UTF8.GetBytes(root.ToJsonString());
                Assert.Equal(BySerializer(bytes), ByReader(bytes));
                count++;
            }
        }

        Assert.True(count > 100, $"only {count} cases");
    }

    private static void Collect(JsonNode node, List<JsonNode> values)
    {
        if (node.Parent is not null)
        {
            values.Add(node);
        }

        switch (node)
        {
            case JsonObject o:
                foreach (var property in o)
                {
                    if (property.Value is { } v)
                    {
                        Collect(v, values);
                    }
                }

                break;
            case JsonArray a:
                foreach (JsonNode? item in a)
                {
                    if (item is not null)
                    {
                        Collect(item, values);
                    }
                }

                break;
        }
    }

    [Theory]
    [InlineData("")]                                   // empty
    [InlineData("[]")]                                 // not an object
    [InlineData("{\"formatVersion\": 3} {}")]          // something after the manifest
    [InlineData("{\"formatVersion\": 3,}")]            // trailing comma
    [InlineData("{\"formatVersion\": 3 /* c */}")]     // a comment
    [InlineData("{\"formatVersion\": \"3\"}")]         // a number as a string
    [InlineData("{\"training\": {\"seed\": null}}")]   // null for a number
    [InlineData("{\"createdUtc\": \"yesterday\"}")]    // not a date
    [InlineData("{\"tags\": [\"a\"")]                  // cut short
    public void Text_the_serializer_refuses_is_refused(string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        Assert.Null(BySerializer(bytes));
        Assert.ThrowsAny<JsonException>(() => ManifestReader.Read(bytes));
    }

    [Fact]
    public void Json_null_is_no_manifest_and_left_out_properties_get_their_types_default_as_from_the_serializer()
    {
        Assert.Null(ManifestReader.Read("null"u8));
        ModelManifest m = ManifestReader.Read("{\"training\": {\"seed\": 7}}"u8)!;
        Assert.Equal(0, m.FormatVersion);
        Assert.Null(m.Tags);
        Assert.Null(m.Entries);
        Assert.Equal(7, m.Training.Seed);
        Assert.Equal(0, m.Training.Folds);
        Assert.False(m.Training.CueLexicons);
    }
}
