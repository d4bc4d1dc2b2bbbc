using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace RhetoricClassifier.Tests.Cli;

/// <summary>
/// Debian's chromium and chromium-driver, started explicitly (never through Selenium Manager, which would
/// download a browser): headless, no network services, a fresh profile that is deleted afterwards.
/// </summary>
internal sealed class HeadlessChrome : IDisposable
{
    private const string Browser = "/usr/bin/chromium";
    private const string DriverFolder = "/usr/bin";
    private const string DriverName = "chromedriver";

    private readonly string _profile = Directory.CreateTempSubdirectory("rhetoric-chrome-").FullName;

    public HeadlessChrome(int width = 1200, int height = 1000)
    {
        if (!File.Exists(Browser) || !File.Exists(Path.Combine(DriverFolder, DriverName)))
        {
            throw new InvalidOperationException($"{Browser} and {DriverFolder}/{DriverName} are needed: run 'bash scripts/test.sh', which installs chromium and chromium-driver");
        }

        var options = new ChromeOptions { BinaryLocation = Browser };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            $"--user-data-dir={_profile}", $"--window-size={width},{height}");
        options.SetLoggingPreference("performance", LogLevel.All);
        ChromeDriverService service = ChromeDriverService.CreateDefaultService(DriverFolder, DriverName);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromMinutes(2));
    }

    public ChromeDriver Driver { get; }

    /// <summary>Every URL that the document at <paramref name="documentUrl"/> (itself included) asked for, from Chrome's performance log.</summary>
    public IReadOnlyList<string> RequestedUrls(string documentUrl)
        => Driver.Manage().Logs.GetLog("performance")
            .Select(e => System.Text.Json.JsonDocument.Parse(e.Message).RootElement.GetProperty("message"))
            .Where(m => m.GetProperty("method").GetString() == "Network.requestWillBeSent"
                && m.GetProperty("params").TryGetProperty("documentURL", out var d) && d.GetString() == documentUrl)
            .Select(m => m.GetProperty("params").GetProperty("request").GetProperty("url").GetString()!)
            .ToList();

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // chromium may still be writing its profile as it exits; the folder is in the temp directory
        }
    }
}
