using System.Globalization;
using System.Text;
using RhetoricClassifier.Data;

namespace RhetoricClassifier;

/// <summary>How well predicted tags match labelled tags: per-tag metrics and their micro and macro averages.</summary>
/// <param name="Tags">Metrics per tag, in tag order.</param>
/// <param name="ExampleCount">Number of labelled sentences evaluated.</param>
public sealed record EvaluationReport(IReadOnlyList<TagMetrics> Tags, int ExampleCount)
{
    /// <summary>F1 over the pooled true/false positives and false negatives of all tags.</summary>
    public double MicroF1
    {
        get
        {
            int tp = Tags.Sum(t => t.TruePositives), fp = Tags.Sum(t => t.FalsePositives), fn = Tags.Sum(t => t.FalseNegatives);
            return TagMetrics.Ratio(2 * tp, (2 * tp) + fp + fn);
        }
    }

    /// <summary>
    /// What makes these figures less trustworthy than they look, for a person to read (empty when nothing does).
    /// Training's cross-validation report says here, for example, how many training sentences were duplicates.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The unweighted mean of the per-tag F1 scores.</summary>
    public double MacroF1 => Tags.Count == 0 ? 0 : Tags.Average(t => t.F1);

    /// <summary>The metrics of one tag.</summary>
    /// <param name="tag">The tag.</param>
    public TagMetrics this[RhetoricTag tag] => Tags.First(t => t.Tag == tag);

    /// <summary>Compares predicted tag sets with labelled ones.</summary>
    /// <param name="labels">The true tags, one per sentence.</param>
    /// <param name="predictions">The predicted tags, in the same order.</param>
    public static EvaluationReport Compute(IReadOnlyList<TagSet> labels, IReadOnlyList<TagSet> predictions)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(predictions);
        if (labels.Count != predictions.Count)
        {
            throw new ArgumentException("labels and predictions differ in length", nameof(predictions));
        }

        var metrics = new List<TagMetrics>();
        foreach (RhetoricTag tag in RhetoricTags.All)
        {
            int tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < labels.Count; i++)
            {
                bool truth = labels[i].Contains(tag), predicted = predictions[i].Contains(tag);
                if (truth && predicted)
                {
                    tp++;
                }
                else if (predicted)
                {
                    fp++;
                }
                else if (truth)
                {
                    fn++;
                }
            }

            metrics.Add(new TagMetrics(tag, tp, fp, fn));
        }

        return new EvaluationReport(metrics, labels.Count);
    }

    /// <summary>The report as the fixed-width table of <see cref="ToTable"/>, so that printing a report shows it.</summary>
    public override string ToString() => ToTable();

    /// <summary>A fixed-width table: one row per tag, then micro and macro F1.</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"tag",-18} {"support",8} {"precision",9} {"recall",7} {"F1",6}");
        foreach (TagMetrics t in Tags)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{t.Tag.Id(),-18} {t.Support,8} {t.Precision,9:0.000} {t.Recall,7:0.000} {t.F1,6:0.000}");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"{"micro-F1",-18} {ExampleCount,8} {"",9} {"",7} {MicroF1,6:0.000}");
        sb.Append(CultureInfo.InvariantCulture, $"{"macro-F1",-18} {"",8} {"",9} {"",7} {MacroF1,6:0.000}");
        return sb.ToString();
    }

    internal static EvaluationReport Compute(IReadOnlyList<LabeledSentence> data, IReadOnlyList<TagSet> predictions)
        => Compute(data.Select(d => d.Labels).ToList(), predictions);
}
