using System.Security.Cryptography;
using System.Text;

namespace RhetoricClassifier;

/// <summary>
/// The SHA-256 of a training set's content: each sentence's text and tag ids, in order. File layout,
/// field order and other fields (ids, genres) do not change it; any change to a sentence or its tags does.
/// </summary>
public static class TrainingDataFingerprint
{
    /// <summary>Computes the fingerprint as lower-case hex.</summary>
    /// <param name="data">The training sentences, in training order.</param>
    public static string Compute(IEnumerable<LabeledSentence> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (LabeledSentence s in data)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(s.Text));
            hash.AppendData("\t"u8);
            hash.AppendData(Encoding.UTF8.GetBytes(string.Join(';', s.Labels.ToIds())));
            hash.AppendData("\n"u8);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
