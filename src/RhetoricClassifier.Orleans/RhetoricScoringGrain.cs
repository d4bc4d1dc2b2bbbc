using Orleans.Placement;
using Orleans.Runtime;

namespace RhetoricClassifier;

/// <summary>
/// Scores on the silo it lives on with the silo's model (loaded once per silo by <see cref="RhetoricModelProvider"/>).
/// Random placement spreads the slots over every silo from the first batch on (load-based placements decide on
/// statistics that lag a burst of new activations and put them all on one silo); a stateless worker would only
/// scale within the silo that received the call.
/// </summary>
[RandomPlacement]
internal sealed class RhetoricScoringGrain(RhetoricModelProvider models, ILocalSiloDetails silo) : Grain, IRhetoricScoringGrain
{
    public Task<RemoteScoringResult> ScoreAsync(IReadOnlyList<TextDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        RhetoricModel model = models.GetModel();
        // A batch is a few milliseconds of work, so it runs on the grain's own turn; the cluster's
        // parallelism comes from many slots per silo, not from threads inside one call.
        var results = new DocumentAnalysis[documents.Count];
        for (int i = 0; i < results.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TextDocument d = documents[i];
            results[i] = model.Analyze(d.Text, d.Id, cancellationToken);
        }

        return Task.FromResult(new RemoteScoringResult(results, silo.SiloAddress.ToString()));
    }
}
