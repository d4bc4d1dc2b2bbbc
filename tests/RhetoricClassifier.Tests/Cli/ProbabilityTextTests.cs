using System.Globalization;
using System.Text;
using CsCheck;
using RhetoricClassifier.Cli.Output;

namespace RhetoricClassifier.Tests.Cli;

/// <summary>
/// ProbabilityText writes probabilities in [0.0001, 1) without the runtime's float formatting; these tests hold it to
/// the runtime's shortest round-trip text (the "R" format, which Utf8JsonWriter writes too), byte for byte.
/// </summary>
public sealed class ProbabilityTextTests
{
    private static readonly uint Low = BitConverter.SingleToUInt32Bits(0.0001f);
    private static readonly uint High = BitConverter.SingleToUInt32Bits(1f);

    [Theory]
    [InlineData(0.1f, "0.1")]
    [InlineData(0.5f, "0.5")]
    [InlineData(0.0001f, "0.0001")]
    [InlineData(0.33333334f, "0.33333334")]
    [InlineData(0.99999994f, "0.99999994")] // the largest float below 1
    [InlineData(0.43453228f, "0.43453228")]
    [InlineData(0.0066490746f, "0.0066490746")]
    [InlineData(0.00012345678f, "0.00012345678")]
    public void Probabilities_are_written_as_the_runtime_writes_them(float value, string expected)
        => Assert.Equal(expected, Write(value));

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(1.5f)]
    [InlineData(-0.5f)]
    [InlineData(0.00009999999f)] // below the range: the runtime writes 9.999999E-05
    [InlineData(1e-7f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Values_outside_the_range_are_left_to_the_runtime(float value)
        => Assert.Equal(0, ProbabilityText.TryWrite(value, new byte[ProbabilityText.MaxLength]));

    [Fact]
    public void Every_float_in_the_range_is_written_as_the_runtime_writes_it()
    {
        // All 112 million of them, in parallel slices; the first few that differ are reported.
        var differing = new System.Collections.Concurrent.ConcurrentQueue<string>();
        const int Slices = 256;
        uint slice = (High - Low + Slices - 1) / Slices;
        Parallel.For(0, Slices, s =>
        {
            Span<byte> ours = stackalloc byte[ProbabilityText.MaxLength];
            Span<byte> runtime = stackalloc byte[32];
            uint end = Math.Min(High, Low + ((uint)s * slice) + slice);
            for (uint bits = Low + ((uint)s * slice); bits < end && differing.Count < 5; bits++)
            {
                float value = BitConverter.UInt32BitsToSingle(bits);
                int written = ProbabilityText.TryWrite(value, ours);
                value.TryFormat(runtime, out int expected, "R", CultureInfo.InvariantCulture);
                if (written == 0 || !ours[..written].SequenceEqual(runtime[..expected]))
                {
                    differing.Enqueue($"{bits:X8}: {Encoding.ASCII.GetString(runtime[..expected])} written as {Encoding.ASCII.GetString(ours[..written])}");
                }
            }
        });

        Assert.Empty(differing);
    }

    [Fact]
    public void Every_float_next_to_a_power_of_two_and_at_the_ends_of_the_range_is_written_as_the_runtime_writes_it()
    {
        // The bottom of each binade is where the gap below a float halves and its round-trip interval is lopsided.
        var edges = new List<uint> { Low, High };
        for (float power = 0.5f; power > 0.0001f; power /= 2)
        {
            edges.Add(BitConverter.SingleToUInt32Bits(power));
        }

        foreach (uint edge in edges)
        {
            for (uint bits = Math.Max(Low, edge - 2000); bits < Math.Min(High, edge + 2000); bits++)
            {
                float value = BitConverter.UInt32BitsToSingle(bits);
                Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture), Write(value));
            }
        }
    }

    private static string Write(float value)
    {
        byte[] buffer = new byte[ProbabilityText.MaxLength];
        int written = ProbabilityText.TryWrite(value, buffer);
        Assert.True(written > 0, $"{value:R} was left to the runtime");
        return Encoding.ASCII.GetString(buffer, 0, written);
    }
}
