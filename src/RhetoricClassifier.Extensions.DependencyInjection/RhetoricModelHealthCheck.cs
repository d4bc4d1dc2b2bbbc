using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RhetoricClassifier;

/// <summary>Healthy when a registered model is loaded (loading it if needed); unhealthy with the reason otherwise.</summary>
internal sealed class RhetoricModelHealthCheck(RhetoricModelProvider provider, string? modelName) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            RhetoricModel model = provider.GetModel(modelName);
            var data = new Dictionary<string, object>
            {
                ["model"] = string.IsNullOrEmpty(modelName) ? "(default)" : modelName,
                ["trainingDataHash"] = model.Manifest.TrainingDataSha256,
            };
            return Task.FromResult(HealthCheckResult.Healthy("model loaded", data));
        }
        catch (Exception e) when (e is ModelFormatException or ArgumentException or IOException)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, e.Message, e));
        }
    }
}
