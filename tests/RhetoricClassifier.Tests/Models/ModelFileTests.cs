using System.IO.Compression;
using System.Text;

namespace RhetoricClassifier.Tests.Models;

[Collection(SmallModelCollection.Name)]
public sealed class ModelFileTests(SmallModelFixture fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rhetoric-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string SavedModel()
    {
        string path = Path.Combine(_dir, "model.zip");
        fixture.Model.Save(path);
        return path;
    }

    [Fact]
    public void Save_then_load_gives_identical_scores_and_manifest()
    {
        var loaded = RhetoricModel.Load(SavedModel());
        foreach (var s in fixture.Data)
        {
            Assert.Equal(fixture.Model.Classify(s.Text), loaded.Classify(s.Text));
        }

        Assert.Equal(fixture.Model.Manifest.Thresholds, loaded.Manifest.Thresholds);
        Assert.Equal(fixture.Model.Manifest.TrainingDataSha256, loaded.Manifest.TrainingDataSha256);
        Assert.Equal(fixture.Model.Manifest.CrossValidation!.MacroF1, loaded.Manifest.CrossValidation!.MacroF1, 12);
    }

    [Fact]
    public void Save_leaves_no_temporary_file_behind()
    {
        SavedModel();
        Assert.Equal(["model.zip"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Load_from_a_non_seekable_stream_works()
    {
        byte[] bytes = File.ReadAllBytes(SavedModel());
        using var stream = new NonSeekableStream(bytes);
        var loaded = RhetoricModel.Load(stream, "pipe");
        Assert.Equal(fixture.Model.Classify("Capex rose sharply.").Scores, loaded.Classify("Capex rose sharply.").Scores);
    }

    [Fact]
    public void A_missing_file_is_refused_with_its_path()
    {
        string path = Path.Combine(_dir, "nope.zip");
        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(path));
        Assert.Equal(path, e.Source);
        Assert.Contains("not found", e.Message);
        Assert.Equal(path, Assert.IsType<FileNotFoundException>(e.InnerException).FileName);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        string path = Path.Combine(_dir, "empty.zip");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(path));
        Assert.Contains("empty", e.Reason);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_refused()
    {
        string path = Path.Combine(_dir, "junk.zip");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes("this is not a model at all, just some text"));
        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not a RhetoricClassifier model", e.Reason);
    }

    [Fact]
    public void A_truncated_file_is_refused()
    {
        byte[] bytes = File.ReadAllBytes(SavedModel());
        string path = Path.Combine(_dir, "truncated.zip");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(path));
    }

    [Fact]
    public void A_zip_without_a_manifest_is_refused_as_foreign()
    {
        string path = Path.Combine(_dir, "foreign.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var w = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            w.Write("hello");
        }

        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(path));
        Assert.Contains("manifest.json", e.Reason);
    }

    [Fact]
    public void A_model_of_a_newer_format_is_refused_with_advice_to_upgrade()
    {
        string path = RewriteManifest(m => m.Replace($"\"formatVersion\": {ModelManifest.CurrentFormatVersion}", "\"formatVersion\": 99", StringComparison.Ordinal));
        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(path));
        Assert.Contains("format 99", e.Reason);
        Assert.Contains("upgrade", e.Reason);
    }

    [Fact]
    public void A_model_with_unknown_tags_is_refused_naming_them()
    {
        // Only the "tags" list, which comes first in the manifest.
        string path = RewriteManifest(m => new System.Text.RegularExpressions.Regex("\"human_impact\"").Replace(m, "\"sentiment\"", 1));
        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(path));
        Assert.Contains("'sentiment'", e.Reason);
    }

    [Fact]
    public void An_ensemble_model_stores_one_linear_model_per_tag_beside_the_trees()
    {
        using var zip = ZipFile.OpenRead(SavedModel());
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (RhetoricTag tag in RhetoricTags.All)
        {
            Assert.Contains($"tags/{tag.Id()}.mlnet", names);
            Assert.Contains($"linear/{tag.Id()}.mlnet", names);
        }
    }

    [Fact]
    public void An_ensemble_model_without_its_linear_part_is_refused_naming_the_tag()
    {
        string path = Path.Combine(_dir, "edited.zip");
        File.Copy(SavedModel(), path, overwrite: true);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry("linear/cost_capex.mlnet")!.Delete();
        }

        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(path));
        Assert.Contains("linear model for tag 'cost_capex' is missing", e.Reason);
    }

    [Fact]
    public void A_format_1_model_is_read_as_trees_alone_whatever_the_new_defaults_say()
    {
        // A format-1 file has no linear entries, no cue lexicons and no linearWeight in its options.
        string saved = Path.Combine(_dir, "model.zip");
        RhetoricModel.Train(fixture.Data, SmallModelFixture.FastOptions with { CueLexicons = false }).Save(saved);
        string path = RewriteManifest(saved, m => System.Text.RegularExpressions.Regex.Replace(
            m.Replace($"\"formatVersion\": {ModelManifest.CurrentFormatVersion}", "\"formatVersion\": 1", StringComparison.Ordinal),
            "\"linearWeight\": [0-9.]+,", ""));
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("linear/", StringComparison.Ordinal)).ToList())
            {
                entry.Delete();
            }
        }

        var loaded = RhetoricModel.Load(path);
        Assert.Equal(0, loaded.Manifest.Training.LinearWeight);
        Assert.Equal(0, loaded.Core.LinearWeight);
        Assert.Null(loaded.Core.LinearModels);
    }

    [Fact]
    public void A_format_2_model_loads_through_MlNet_scores_the_same_and_is_saved_as_format_3_with_its_learner_entries_unchanged()
    {
        // Format 2 is format 3 without compiled.bin and without the entry hashes.
        string path = Path.Combine(_dir, "format2.zip");
        File.Copy(SavedModel(), path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry("compiled.bin")!.Delete();
            ReplaceEntry(zip, "manifest.json", text =>
            {
                var json = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
                json["formatVersion"] = 2;
                json.Remove("entries");
                return json.ToJsonString();
            });
        }

        var loaded = RhetoricModel.Load(path);
        Assert.Equal(2, loaded.Manifest.FormatVersion);
        Assert.All(fixture.Data, s => Assert.Equal(fixture.Model.Classify(s.Text), loaded.Classify(s.Text)));

        string resaved = Path.Combine(_dir, "format3.zip");
        loaded.Save(resaved);
        Assert.Equal(ModelManifest.CurrentFormatVersion, RhetoricModel.Load(resaved).Manifest.FormatVersion);
        var before = ModelZip.Entries(path);
        var after = ModelZip.Entries(resaved);
        Assert.Equal(before.Keys.Where(k => k != "manifest.json").Append("compiled.bin").Order(), after.Keys.Where(k => k != "manifest.json").Order());
        Assert.All(before.Keys.Where(k => k != "manifest.json"), k => Assert.Equal(before[k], after[k]));
    }

    [Fact]
    public void Saving_a_loaded_model_writes_every_entry_but_the_manifest_byte_for_byte()
    {
        string first = SavedModel(), second = Path.Combine(_dir, "again.zip");
        RhetoricModel.Load(first).Save(second);
        var a = ModelZip.Entries(first);
        var b = ModelZip.Entries(second);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.All(a.Keys.Where(k => k != "manifest.json"), k => Assert.Equal(a[k], b[k]));
    }

    private static string ReplaceEntry(ZipArchive zip, string name, Func<string, string> edit)
    {
        var entry = zip.GetEntry(name)!;
        string text;
        using (var r = new StreamReader(entry.Open()))
        {
            text = r.ReadToEnd();
        }

        entry.Delete();
        string edited = edit(text);
        using var w = new StreamWriter(zip.CreateEntry(name).Open());
        w.Write(edited);
        return edited;
    }

    [Theory]
    [InlineData("\"thresholds\": {", "\"thresholds\": null, \"x\": {", "'thresholds' is missing or null")]
    [InlineData("\"tags\": [", "\"tags\": null, \"x\": [", "'tags' is missing or null")]
    [InlineData("\"training\": {", "\"training\": null, \"x\": {", "'training' is missing or null")]
    [InlineData("\"charNgramMin\": 3", "\"charNgramMin\": -5", "'CharNgramMin' is out of range")]
    [InlineData("\"charNgramMax\": 5", "\"charNgramMax\": 2147483647", "'CharNgramMax' is out of range")]
    [InlineData("\"wordNgramLength\": 2", "\"wordNgramLength\": 1000000", "'WordNgramLength' is out of range")]
    public void A_manifest_with_null_or_out_of_range_fields_is_refused_naming_the_field(string from, string to, string reason)
    {
        string path = RewriteManifest(m =>
        {
            Assert.Contains(from, m);
            return m.Replace(from, to, StringComparison.Ordinal);
        });
        var e = Assert.Throws<ModelFormatException>(() => RhetoricModel.Load(path));
        Assert.Contains(reason, e.Reason);
    }

    private string RewriteManifest(Func<string, string> edit) => RewriteManifest(SavedModel(), edit);

    private string RewriteManifest(string model, Func<string, string> edit)
    {
        string path = Path.Combine(_dir, "edited.zip");
        File.Copy(model, path, overwrite: true);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        ReplaceEntry(zip, "manifest.json", edit);
        return path;
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
