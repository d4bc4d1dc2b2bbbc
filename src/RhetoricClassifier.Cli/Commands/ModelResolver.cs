namespace RhetoricClassifier.Cli.Commands;

/// <summary>Loads <c>--model FILE</c>, or the built-in model when none is given.</summary>
internal static class ModelResolver
{
    public static RhetoricModel Resolve(string? path)
    {
        if (path is not null)
        {
            return RhetoricModel.Load(path);
        }

        if (!RhetoricModel.HasDefault)
        {
            throw new UsageException("no model was given and this build has no built-in model: pass --model FILE (train one with 'rhetoric train')");
        }

        return RhetoricModel.LoadDefault();
    }
}
