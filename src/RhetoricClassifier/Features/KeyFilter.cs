using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RhetoricClassifier.Features;

/// <summary>
/// A Bloom-style filter over n-gram keys: one bit per value of a key's top 16 bits, 8 KB, so it stays in
/// L1 and rejects most n-grams that no tree uses before the table is probed.
/// </summary>
internal static class KeyFilter
{
    /// <summary>How many 64-bit words a filter has.</summary>
    public const int Words = (1 << 16) / 64;

    /// <summary>Sets the bit of <paramref name="key"/>.</summary>
    public static void Add(ulong[] filter, ulong key) => filter[(int)(key >> 54)] |= 1UL << (int)(key >> 48);

    /// <summary>1 when the bit of <paramref name="key"/> is set in the filter that starts at <paramref name="filter"/>, else 0.</summary>
    /// <remarks>An integer rather than a bool so callers can advance a count by it without a branch. The word
    /// index is the key's top 10 bits, always below <see cref="Words"/>, and a shift takes its count modulo 64.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Passes(ref ulong filter, ulong key)
        => (int)((Unsafe.Add(ref filter, (nint)(key >> 54)) >> (int)(key >> 48)) & 1);

    /// <summary>Whether <paramref name="key"/> may be in <paramref name="filter"/>; when false, it is not.</summary>
    public static bool MayContain(ulong[] filter, ulong key) => Passes(ref MemoryMarshal.GetArrayDataReference(filter), key) != 0;
}
