namespace RhetoricClassifier;

/// <summary>
/// Calibrated probabilities, one per tag, that a sentence carries that tag. An immutable value;
/// index it with a <see cref="RhetoricTag"/>.
/// </summary>
/// <param name="AiJustification">Probability of <see cref="RhetoricTag.AiJustification"/>.</param>
/// <param name="CostCapex">Probability of <see cref="RhetoricTag.CostCapex"/>.</param>
/// <param name="HumanImpact">Probability of <see cref="RhetoricTag.HumanImpact"/>.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(TagScoresJsonConverter))]
public readonly record struct TagScores(float AiJustification, float CostCapex, float HumanImpact)
{
    /// <summary>The probability of one tag.</summary>
    /// <param name="tag">The tag.</param>
    public float this[RhetoricTag tag] => tag switch
    {
        RhetoricTag.AiJustification => AiJustification,
        RhetoricTag.CostCapex => CostCapex,
        RhetoricTag.HumanImpact => HumanImpact,
        _ => throw new ArgumentOutOfRangeException(nameof(tag)),
    };
}
