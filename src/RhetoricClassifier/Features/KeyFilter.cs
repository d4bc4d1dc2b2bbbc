using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RhetoricClassifier.Features;

/// <summary>
/// A Bloom-style filter over n-gram keys: one bit per value of a key's top 17 bits, 16 KB, so it stays in
/// L1 and rejects most n-grams that no tree uses before the table is probed.
/// </summary>
internal static class KeyFilter
{
    /// <summary>How many 64-bit words a filter has.</summary>
    public const int Words = (1 << Bits) / 64;

    // Each key that passes without being in the table costs a probe and a mispredicted branch. With 2^16 bits (8 KB), 200
    // keys per sentence passed and 185 were found; with 2^17, 192 pass and scoring takes 4% less time (2.86 -> 2.73 us
    // per sentence); 2^18 (32 KB, 188 pass) measured no faster, and takes more of L1.
    private const int Bits = 17;

    private const int BitShift = 64 - Bits;     // the key's top Bits bits pick its bit (a shift takes its count modulo 64)
    private const int WordShift = BitShift + 6; // and their top Bits - 6 bits the word that holds it

    /// <summary>Sets the bit of <paramref name="key"/>.</summary>
    public static void Add(ulong[] filter, ulong key) => filter[(int)(key >> WordShift)] |= 1UL << (int)(key >> BitShift);

    /// <summary>1 when the bit of <paramref name="key"/> is set in the filter that starts at <paramref name="filter"/>, else 0.</summary>
    /// <remarks>An integer rather than a bool so callers can advance a count by it without a branch. The word
    /// index is the key's top 11 bits, always below <see cref="Words"/>, and a shift takes its count modulo 64.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Passes(ref ulong filter, ulong key)
        => (int)((Unsafe.Add(ref filter, (nint)(key >> WordShift)) >> (int)(key >> BitShift)) & 1);

    /// <summary>Whether <paramref name="key"/> may be in <paramref name="filter"/>; when false, it is not.</summary>
    public static bool MayContain(ulong[] filter, ulong key) => Passes(ref MemoryMarshal.GetArrayDataReference(filter), key) != 0;
}
