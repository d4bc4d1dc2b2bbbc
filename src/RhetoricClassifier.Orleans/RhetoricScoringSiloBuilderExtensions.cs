using Microsoft.Extensions.DependencyInjection;
using RhetoricClassifier;

namespace Orleans.Hosting;

/// <summary>Registers RhetoricClassifier scoring on an Orleans silo.</summary>
public static class RhetoricScoringSiloBuilderExtensions
{
    /// <summary>
    /// Makes the silo able to score: registers the model (through the DependencyInjection package, so options,
    /// configuration binding, reload on file change, logging and metrics work as there), loaded once per silo.
    /// The scoring grain itself is found by Orleans when the silo references this package.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets the model options; <see langword="null"/> serves the built-in model.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static ISiloBuilder AddRhetoricScoring(this ISiloBuilder builder, Action<RhetoricClassifierOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRhetoricClassifier(Microsoft.Extensions.Options.Options.DefaultName, configure);
        return builder;
    }
}
