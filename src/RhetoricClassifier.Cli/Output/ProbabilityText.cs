using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RhetoricClassifier.Cli.Output;

/// <summary>
/// Writes a probability as the runtime's shortest round-trip text for a <see cref="float"/> (what
/// <c>Utf8JsonWriter.WriteNumber</c> and the <c>"R"</c> format write), for the values between 0.0001 and 1, where
/// that text is <c>0.</c> and digits; every other value is left to the runtime.
/// </summary>
/// <remarks>
/// <para>Three probabilities per sentence record took 7% of a scoring run's CPU in the runtime's general float
/// formatting. Below 1 and from 0.0001 up, the shortest text is found here with exact integer arithmetic: the fewest
/// decimal places whose grid has a point that parses back to the same float, and of those points the nearest to the
/// float's exact value.</para>
/// <para>A test holds this to the runtime on a million random values of the range and on every float of its edges;
/// benchmarks/README.md records a run over every float of the range (117 million).</para>
/// </remarks>
internal static class ProbabilityText
{
    /// <summary>The longest text written: "0." and up to 14 decimal places.</summary>
    public const int MaxLength = 16;

    private static readonly ulong[] PowersOfTen = BuildPowers();

    private static ulong[] BuildPowers()
    {
        var powers = new ulong[15];
        powers[0] = 1;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    /// <summary>Writes <paramref name="value"/> into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes) when it lies in [0.0001, 1).</summary>
    /// <returns>The number of bytes of text, or 0 when the value is outside the range and the runtime should format it. The
    /// <see cref="MaxLength"/> bytes of <paramref name="destination"/> may all be written to.</returns>
    public static int TryWrite(float value, Span<byte> destination)
    {
        if (!(value >= 0.0001f && value < 1f) || destination.Length < MaxLength)
        {
            return 0;
        }

        uint bits = BitConverter.SingleToUInt32Bits(value);
        int biased = (int)(bits >> 23);                // 113..126 in this range: normal, positive
        ulong m = (bits & 0x7FFFFF) | 0x800000;        // value = m * 2^(biased - 150)
        int shift = 150 - biased + 2;                  // value = 4m / 2^shift (26..39), the half-gaps whole units of 2^-shift

        // The floats next to value are 4 units above and 4 below (2 below at the bottom of a binade, where the gap below
        // is half as wide): every number strictly between the midpoints parses to value, and with an even mantissa the
        // midpoints themselves do too (parsing rounds half to even).
        var span = new Interval(4 * m - (m == 0x800000 ? 1UL : 2UL), 4 * m + 2, shift, (m & 1) == 0);

        // Whether some decimal with n places lies in the interval only grows with n, so start one place short of where
        // the grid is finer than the float's spacing (where one always does) and move to the fewest places that have one.
        int places = (int)Math.Ceiling((150 - biased) * 0.30102999566398120) - 1;
        (ulong First, ulong Last) points = span.Points(places);
        if (points.First <= points.Last)
        {
            while (places > 1)
            {
                (ulong First, ulong Last) fewer = span.Points(places - 1);
                if (fewer.First > fewer.Last)
                {
                    break;
                }

                places--;
                points = fewer;
            }
        }
        else
        {
            do
            {
                places++;
                points = span.Points(places);
            }
            while (points.First > points.Last);
        }

        // The grid point nearest the exact value, a tie to the even one, kept inside the interval.
        ulong q = ShiftRight(4 * m, PowersOfTen[places], shift, out ulong rest);
        ulong half = 1UL << (shift - 1);
        if (rest > half || (rest == half && (q & 1) == 1))
        {
            q++;
        }

        q = Math.Clamp(q, points.First, points.Last);
        return WriteFraction(q, places, destination);
    }

    // The numbers that parse to the float, in units of 2^-shift: (Low, High), or [Low, High] when Inclusive.
    private readonly record struct Interval(ulong Low, ulong High, int Shift, bool Inclusive)
    {
        // The integers q with Low <= q * 2^Shift / 10^places <= High (strictly inside unless Inclusive); first > last when none.
        public (ulong First, ulong Last) Points(int places)
        {
            ulong p = PowersOfTen[places];
            ulong first = ShiftRight(Low, p, Shift, out ulong lowRest);
            if (lowRest != 0 || !Inclusive)
            {
                first++;
            }

            ulong last = ShiftRight(High, p, Shift, out ulong highRest);
            if (highRest == 0 && !Inclusive)
            {
                last--;
            }

            return (first, last);
        }
    }

    // (a * b) >> shift and the bits shifted out, for a below 2^27, b below 10^15 and shift 26..39: the product has at most
    // 77 bits and the quotient fits in 64. The 128-bit product is put together from two 64-bit products (a times each
    // 32-bit half of b, below 2^59 and 2^45) rather than by Math.BigMul, which without BMI2 (as the native build is
    // compiled) takes a software path of four multiplications: 0.4% of a scoring run.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ShiftRight(ulong a, ulong b, int shift, out ulong rest)
    {
        ulong lowPart = a * (uint)b;
        ulong highPart = a * (b >> 32);
        ulong low = lowPart + (highPart << 32);
        ulong high = (highPart >> 32) + (low < lowPart ? 1UL : 0UL);
        rest = low & ((1UL << shift) - 1);
        return (high << (64 - shift)) | (low >> shift);
    }

    // "0." then q as exactly `places` digits, leading zeros included. q has at most nine digits (a float's shortest text
    // never needs more), so it fits in 32 bits, and it is written two digits at a time.
    private static int WriteFraction(ulong value, int places, Span<byte> destination)
    {
        uint q = (uint)value;
        int end = places + 2;
        // Zeros over all MaxLength bytes in two 8-byte stores (TryWrite checked the room): Fill over `end` bytes was a call
        // into the runtime per probability. Bytes past `end` are not part of the text; the caller writes over them.
        ref byte first = ref MemoryMarshal.GetReference(destination);
        Unsafe.WriteUnaligned(ref first, Zeros);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref first, 8), Zeros);
        destination[1] = (byte)'.';
        int i = end;
        while (q >= 10)
        {
            uint pair = q % 100;
            q /= 100;
            i -= 2;
            destination[i] = Digits[(int)(2 * pair)];
            destination[i + 1] = Digits[(int)(2 * pair) + 1];
        }

        if (q > 0)
        {
            destination[i - 1] = (byte)('0' + q);
        }

        return end;
    }

    private const ulong Zeros = 0x3030303030303030UL; // eight '0' bytes

    private static ReadOnlySpan<byte> Digits => "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;
}
