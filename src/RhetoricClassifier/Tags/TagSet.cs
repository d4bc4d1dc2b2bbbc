namespace RhetoricClassifier;

/// <summary>
/// A set of <see cref="RhetoricTag"/> values, as bit flags: a sentence carries any subset, and
/// <see cref="None"/> means it carries no tag.
/// </summary>
[Flags]
[System.Text.Json.Serialization.JsonConverter(typeof(TagSetJsonConverter))]
public enum TagSet : byte
{
    /// <summary>No tag.</summary>
    None = 0,

    /// <summary>Carries <see cref="RhetoricTag.AiJustification"/>.</summary>
    AiJustification = 1 << RhetoricTag.AiJustification,

    /// <summary>Carries <see cref="RhetoricTag.CostCapex"/>.</summary>
    CostCapex = 1 << RhetoricTag.CostCapex,

    /// <summary>Carries <see cref="RhetoricTag.HumanImpact"/>.</summary>
    HumanImpact = 1 << RhetoricTag.HumanImpact,

    /// <summary>All three tags.</summary>
    All = AiJustification | CostCapex | HumanImpact,
}
