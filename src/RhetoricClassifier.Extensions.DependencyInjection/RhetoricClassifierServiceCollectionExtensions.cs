using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RhetoricClassifier;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers RhetoricClassifier models with an <see cref="IServiceCollection"/>.</summary>
public static class RhetoricClassifierServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default model: the built-in one, or the file named by <see cref="RhetoricClassifierOptions.ModelPath"/>.
    /// Inject <see cref="RhetoricModel"/> (resolved per use, so it follows reloads) or <see cref="RhetoricModelProvider"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddRhetoricClassifier(this IServiceCollection services)
        => services.AddRhetoricClassifier(Options.Options.DefaultName, (Action<RhetoricClassifierOptions>?)null);

    /// <summary>Registers the default model with options set in code, for example <c>o =&gt; o.ModelPath = "models/rhetoric.zip"</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddRhetoricClassifier(this IServiceCollection services, Action<RhetoricClassifierOptions> configure)
        => services.AddRhetoricClassifier(Options.Options.DefaultName, configure);

    /// <summary>
    /// Registers a named model, for apps that serve more than one. Resolve it with
    /// <c>[FromKeyedServices("name")] RhetoricModel model</c> or <see cref="RhetoricModelProvider.GetModel(string?)"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The model's name.</param>
    /// <param name="configure">Sets the options for this name.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddRhetoricClassifier(this IServiceCollection services, string name, Action<RhetoricClassifierOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        OptionsBuilder<RhetoricClassifierOptions> options = services.AddOptions<RhetoricClassifierOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return services.AddRegistration(name);
    }

    /// <summary>
    /// Registers the default model with options bound from configuration, for example
    /// <c>builder.Configuration.GetSection("RhetoricClassifier")</c> holding <c>{"ModelPath": "models/rhetoric.zip"}</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section to bind.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddRhetoricClassifier(this IServiceCollection services, IConfiguration configuration)
        => services.AddRhetoricClassifier(Options.Options.DefaultName, configuration);

    /// <summary>Registers a named model with options bound from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The model's name.</param>
    /// <param name="configuration">The configuration section to bind.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddRhetoricClassifier(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RhetoricClassifierOptions>(name).Bind(configuration);
        return services.AddRegistration(name);
    }

    /// <summary>
    /// Adds a health check that is healthy when the model is loaded (it loads it if needed, so it also warms
    /// the model up) and reports the load error otherwise.
    /// </summary>
    /// <param name="builder">The health checks builder from <c>services.AddHealthChecks()</c>.</param>
    /// <param name="modelName">The registration to check; <see langword="null"/> for the default one.</param>
    /// <param name="name">The health check's name; defaults to <c>rhetoric-classifier</c> (plus the model name).</param>
    /// <param name="tags">Tags for filtering health checks.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IHealthChecksBuilder AddRhetoricClassifierHealthCheck(this IHealthChecksBuilder builder, string? modelName = null,
        string? name = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        name ??= string.IsNullOrEmpty(modelName) ? "rhetoric-classifier" : "rhetoric-classifier-" + modelName;
        return builder.Add(new Diagnostics.HealthChecks.HealthCheckRegistration(name,
            sp => new RhetoricModelHealthCheck(sp.GetRequiredService<RhetoricModelProvider>(), modelName),
            failureStatus: null, tags));
    }

    private static IServiceCollection AddRegistration(this IServiceCollection services, string name)
    {
        services.AddSingleton(new RhetoricModelRegistration(name));
        services.TryAddSingleton(sp => new RhetoricModelProvider(
            sp.GetRequiredService<IOptionsMonitor<RhetoricClassifierOptions>>(),
            sp.GetServices<RhetoricModelRegistration>(),
            sp.GetService<Logging.ILogger<RhetoricModelProvider>>()));
        if (name.Length == 0)
        {
            services.TryAddTransient(sp => sp.GetRequiredService<RhetoricModelProvider>().GetModel());
        }
        else
        {
            services.AddKeyedTransient(name, (sp, _) => sp.GetRequiredService<RhetoricModelProvider>().GetModel(name));
        }

        return services;
    }
}
