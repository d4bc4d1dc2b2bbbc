namespace RhetoricClassifier;

/// <summary>
/// One of the three rhetoric tags a sentence can carry. The numeric values are stable and index
/// <see cref="TagScores"/>; the string ids (<see cref="RhetoricTags.Id"/>) are what files and models store.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(RhetoricTagJsonConverter))]
public enum RhetoricTag
{
    /// <summary>AI or automation framed as the reason for a decision about the organisation (id <c>ai_justification</c>).</summary>
    AiJustification = 0,

    /// <summary>Money moving through the company: costs, savings, capex, margins, cash flow (id <c>cost_capex</c>).</summary>
    CostCapex = 1,

    /// <summary>What happens to people: job cuts, workers, morale, trust, support (id <c>human_impact</c>).</summary>
    HumanImpact = 2,
}
