using RhetoricClassifier.Cli;

namespace RhetoricClassifier.Tests.Cli;

/// <summary>
/// A Native AOT build hands <c>train</c> to its managed build in a child process. These tests hold the hand-over to
/// its contract with a stand-in for the managed build; the installed Native AOT tool runs the real one in
/// scripts/check-packages.sh, through every case of scripts/hostile.sh (signals during training among them).
/// </summary>
public sealed class ManagedCompanionTests : IDisposable
{
    private readonly TempFolder _temp = new("rhetoric-companion-");

    private string Dir => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(new[] { "train", "--data", "x.jsonl" }, true)]
    [InlineData(new[] { "train" }, true)]
    [InlineData(new[] { "score", "train" }, false)] // a file called train
    [InlineData(new[] { "help", "train" }, false)]  // help needs no ML.NET
    [InlineData(new[] { "eval" }, false)]
    [InlineData(new string[0], false)]
    public void Only_train_needs_the_managed_build(string[] args, bool needed)
        => Assert.Equal(needed, ManagedCompanion.IsNeededFor(args));

    [Fact]
    public void The_managed_build_gets_the_arguments_as_given_and_its_exit_code_is_returned()
    {
        // /bin/sh stands in for dotnet, and this script for managed/rhetoric.dll: it records its arguments.
        string record = Path.Combine(Dir, "args.txt");
        string companion = _temp.Write("companion.sh", $"printf '%s\\n' \"$@\" > '{record}'\nexit 7\n");
        string[] args = ["train", "--data", "with space.jsonl", "--output", "é;$(rm -rf x)*"];

        int exit = ManagedCompanion.Run(args, companion, "/bin/sh");

        Assert.Equal(7, exit);
        Assert.Equal(args, File.ReadAllLines(record));
    }

    [Fact]
    public void A_missing_managed_build_is_an_error_not_a_crash()
        => Assert.Equal(1, ManagedCompanion.Run(["train"], Path.Combine(Dir, "managed", "rhetoric.dll"), "/bin/sh"));

    [Fact]
    public void No_dotnet_anywhere_is_no_host()
        => Assert.Null(ManagedCompanion.FindHost(_ => null));

    [Fact]
    public void The_host_is_the_one_the_SDK_names_then_the_first_on_PATH_then_the_one_in_DOTNET_ROOT()
    {
        string Make(string sub) => Path.GetDirectoryName(_temp.Write(Path.Combine(sub, "dotnet"), ""))!;

        string named = Path.Combine(Make("named"), "dotnet"), onPath = Make("path"), root = Make("root");
        string empty = Directory.CreateDirectory(Path.Combine(Dir, "empty")).FullName;
        var env = new Dictionary<string, string?>
        {
            ["DOTNET_HOST_PATH"] = named,
            ["PATH"] = $"{empty}{Path.PathSeparator}{onPath}",
            ["DOTNET_ROOT"] = root,
        };

        Assert.Equal(named, ManagedCompanion.FindHost(k => env.GetValueOrDefault(k)));
        env["DOTNET_HOST_PATH"] = Path.Combine(Dir, "nowhere", "dotnet"); // named but missing: not taken
        Assert.Equal(Path.Combine(onPath, "dotnet"), ManagedCompanion.FindHost(k => env.GetValueOrDefault(k)));
        env["PATH"] = empty;
        Assert.Equal(Path.Combine(root, "dotnet"), ManagedCompanion.FindHost(k => env.GetValueOrDefault(k)));
    }

    [Fact]
    public void A_managed_build_is_not_a_native_one()
        => Assert.False(ManagedCompanion.IsNativeBuild); // the tests run on the managed runtime
}
