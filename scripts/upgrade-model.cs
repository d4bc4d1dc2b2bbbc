#:project ../src/RhetoricClassifier/RhetoricClassifier.csproj
// Rewrites a model file in the current format without retraining it: loads it (formats 1 and 2 load through
// ML.NET) and saves it again. The learners are not retrained and their ML.NET entries are copied byte for
// byte, so scores are identical; what changes is the manifest's format version and entry hashes and, from
// format 3 on, the compiled entry that lets the model load without ML.NET.
//
//   dotnet run scripts/upgrade-model.cs -- IN.zip [OUT.zip]      (OUT defaults to IN, replaced atomically)
using RhetoricClassifier;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: dotnet run scripts/upgrade-model.cs -- IN.zip [OUT.zip]");
    return 2;
}

try
{
    RhetoricModel model = RhetoricModel.Load(args[0]);
    int from = model.Manifest.FormatVersion;
    string output = args.Length > 1 ? args[1] : args[0];
    model.Save(output);
    Console.WriteLine($"{args[0]}: format {from} -> {output}: format {ModelManifest.CurrentFormatVersion}");
    return 0;
}
catch (ModelFormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
