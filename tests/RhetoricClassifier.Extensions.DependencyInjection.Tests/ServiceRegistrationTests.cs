using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace RhetoricClassifier.Extensions.DependencyInjection.Tests;

public sealed class ServiceRegistrationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rhetoric-di-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Without_options_the_built_in_model_is_served()
    {
        using ServiceProvider sp = new ServiceCollection().AddRhetoricClassifier().BuildServiceProvider();

        RhetoricModel model = sp.GetRequiredService<RhetoricModel>();

        Assert.Same(RhetoricModel.LoadDefault(), model);
        Assert.True(model.Classify("We are cutting 900 roles as AI takes over routine work.").Tags.Contains(RhetoricTag.HumanImpact));
    }

    [Fact]
    public void Model_path_is_bound_from_configuration()
    {
        string path = SaveDefaultModel("bound.zip");
        IConfiguration config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["RhetoricClassifier:ModelPath"] = path })
            .Build();
        using ServiceProvider sp = new ServiceCollection().AddRhetoricClassifier(config.GetSection("RhetoricClassifier")).BuildServiceProvider();

        RhetoricModel model = sp.GetRequiredService<RhetoricModel>();

        Assert.NotSame(RhetoricModel.LoadDefault(), model);
        Assert.Equal(RhetoricModel.LoadDefault().Manifest.TrainingDataSha256, model.Manifest.TrainingDataSha256);
    }

    [Fact]
    public void Named_models_resolve_by_key_and_an_unknown_name_is_a_clear_error()
    {
        string path = SaveDefaultModel("named.zip");
        using ServiceProvider sp = new ServiceCollection()
            .AddRhetoricClassifier()
            .AddRhetoricClassifier("finance", o => o.ModelPath = path)
            .BuildServiceProvider();

        RhetoricModel builtIn = sp.GetRequiredService<RhetoricModel>();
        RhetoricModel finance = sp.GetRequiredKeyedService<RhetoricModel>("finance");
        RhetoricModelProvider provider = sp.GetRequiredService<RhetoricModelProvider>();

        Assert.Same(RhetoricModel.LoadDefault(), builtIn);
        Assert.NotSame(builtIn, finance);
        Assert.Same(finance, provider.GetModel("finance"));
        ArgumentException e = Assert.Throws<ArgumentException>(() => provider.GetModel("fianance"));
        Assert.Contains("finance", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replaced_model_file_is_reloaded_and_a_broken_one_keeps_the_old_model()
    {
        string path = SaveDefaultModel("live.zip");
        var logs = new FakeLogCollector();
        using ServiceProvider sp = new ServiceCollection()
            .AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs)))
            .AddRhetoricClassifier(o => { o.ModelPath = path; o.ReloadDelay = TimeSpan.FromMilliseconds(100); })
            .BuildServiceProvider();
        RhetoricModelProvider provider = sp.GetRequiredService<RhetoricModelProvider>();
        RhetoricModel first = provider.GetModel();

        // Replace it the way tools do: write a temporary file, then rename it over the model.
        string temp = Path.Combine(_dir, "live.zip.tmp");
        RhetoricModel.LoadDefault().Save(temp);
        File.Move(temp, path, overwrite: true);
        RhetoricModel second = await WaitForChange(provider, first);

        Assert.NotSame(first, second);
        Assert.Contains(logs.GetSnapshot(), r => r.Message.Contains("Reloaded", StringComparison.Ordinal));

        // A broken file must not replace a working model.
        await File.WriteAllTextAsync(path, "not a model");
        await WaitFor(() => logs.GetSnapshot().Any(r => r.Level == LogLevel.Warning));
        Assert.Same(second, provider.GetModel());
    }

    [Fact]
    public async Task Concurrent_readers_always_get_a_whole_model_while_it_reloads()
    {
        string path = SaveDefaultModel("busy.zip");
        using ServiceProvider sp = new ServiceCollection()
            .AddRhetoricClassifier(o => { o.ModelPath = path; o.ReloadDelay = TimeSpan.FromMilliseconds(10); })
            .BuildServiceProvider();
        RhetoricModelProvider provider = sp.GetRequiredService<RhetoricModelProvider>();
        SentenceClassification expected = provider.GetModel().Classify("Capex rose to $34 billion on new data centres.");
        using var stop = new CancellationTokenSource();

        Task[] readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            int n = 0;
            while (!stop.IsCancellationRequested || n == 0)
            {
                Assert.Equal(expected, provider.GetModel().Classify("Capex rose to $34 billion on new data centres."));
                n++;
            }

            return n;
        })).ToArray();
        for (int i = 0; i < 5; i++)
        {
            string temp = Path.Combine(_dir, $"busy.{i}.tmp");
            RhetoricModel.LoadDefault().Save(temp);
            File.Move(temp, path, overwrite: true);
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
    }

    [Fact]
    public async Task Health_check_is_healthy_when_loaded_and_unhealthy_with_the_reason_when_not()
    {
        using ServiceProvider sp = new ServiceCollection()
            .AddLogging()
            .AddRhetoricClassifier()
            .AddRhetoricClassifier("missing", o => o.ModelPath = Path.Combine(_dir, "nowhere.zip"))
            .AddHealthChecks().AddRhetoricClassifierHealthCheck().AddRhetoricClassifierHealthCheck("missing").Services
            .BuildServiceProvider();
        HealthCheckService health = sp.GetRequiredService<HealthCheckService>();

        HealthReport report = await health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, report.Entries["rhetoric-classifier"].Status);
        HealthReportEntry missing = report.Entries["rhetoric-classifier-missing"];
        Assert.Equal(HealthStatus.Unhealthy, missing.Status);
        Assert.Contains("nowhere.zip", missing.Description, StringComparison.Ordinal);
    }

    private string SaveDefaultModel(string name)
    {
        string path = Path.Combine(_dir, name);
        RhetoricModel.LoadDefault().Save(path);
        return path;
    }

    private static async Task<RhetoricModel> WaitForChange(RhetoricModelProvider provider, RhetoricModel old)
    {
        RhetoricModel current = old;
        await WaitFor(() => !ReferenceEquals(current = provider.GetModel(), old));
        return current;
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        // File-system events arrive asynchronously; poll for up to 20 s (this bounds the test, it times nothing).
        for (int i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the condition did not become true within 20 s");
    }
}
