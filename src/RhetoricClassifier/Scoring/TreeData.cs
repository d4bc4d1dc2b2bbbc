namespace RhetoricClassifier.Scoring;

/// <summary>
/// One regression tree as ML.NET stores it: node <c>i</c> sends a feature value <c>v</c> to
/// <c>Left[i]</c> when <c>v &lt;= Threshold[i]</c> and to <c>Right[i]</c> otherwise; a negative child
/// <c>c</c> is leaf <c>~c</c>. A tree with no nodes is a single leaf.
/// </summary>
internal sealed record TreeData(int[] Left, int[] Right, int[] Feature, float[] Threshold, double[] Leaves, double Weight);

/// <summary>The boosted trees of one tag and the Platt calibration that turns their sum into a probability.</summary>
internal sealed record TagEnsemble(IReadOnlyList<TreeData> Trees, double Bias, double PlattSlope, double PlattOffset);

/// <summary>
/// One tag's linear model as ML.NET's logistic regression stores it: probability
/// <c>1 / (1 + exp(PlattSlope * (Bias + w.x) + PlattOffset))</c>.
/// </summary>
internal sealed record LinearTagModel(IReadOnlyList<float> Weights, float Bias, double PlattSlope, double PlattOffset);
