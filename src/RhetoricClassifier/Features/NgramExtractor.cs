using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RhetoricClassifier.Features;

/// <summary>What an n-gram key stands for.</summary>
internal enum GramKind : byte
{
    /// <summary>A character n-gram (<c>c:</c>).</summary>
    Char,

    /// <summary>A word n-gram (<c>w:</c>).</summary>
    Word,

    /// <summary>A word looked up in the cue lexicons (<c>l:</c>): the same word as a unigram, under another key.</summary>
    Cue,
}

/// <summary>Receives the n-grams of a normalised sentence.</summary>
internal interface INgramSink
{
    /// <summary>One n-gram: its 64-bit key and where it sits in the normalised text.</summary>
    void Add(ulong key, int start, int length, GramKind kind);
}

/// <summary>
/// Enumerates the word and character n-grams of text produced by <see cref="TextNormalizer"/>, each with
/// a 64-bit key: FNV-1a, avalanched, never zero. Generic over a struct sink so that the hot path inlines and allocates nothing,
/// while training uses the very same code to learn the vocabulary: the two can never disagree.
/// </summary>
internal static class NgramExtractor
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private const ulong WordSeed = FnvOffset ^ 0x5745; // "WE"
    private const ulong CharSeed = FnvOffset ^ 0x4348; // "CH"
    private const ulong MixMultiplier = 0xff51afd7ed558ccdUL; // Mix's avalanche, shared with the vector path
    private const int MixShift = 33;

    public static void Extract<TSink>(ReadOnlySpan<char> text, FeatureSettings settings, ref TSink sink)
        where TSink : struct, INgramSink
    {
        ExtractWords(text, settings.WordNgramLength, settings.CueLexicons, ref sink);
        if (settings.CharNgramMin > 0)
        {
            ExtractChars(text, settings.CharNgramMin, settings.CharNgramMax, ref sink);
        }
    }

    /// <summary>The key of one n-gram given as a string (<c>w:</c> or <c>c:</c> prefix), for loading a vocabulary.</summary>
    public static ulong KeyOf(string gram)
    {
        bool isWord = gram.StartsWith("w:", StringComparison.Ordinal);
        ulong h = isWord ? WordSeed : CharSeed;
        for (int i = 2; i < gram.Length; i++)
        {
            h = Step(h, gram[i]);
        }

        return Finish(h);
    }

    /// <summary>The key under which a word (normalised, no prefix) is looked up in the cue lexicons.</summary>
    public static ulong CueKeyOf(string word)
    {
        ulong h = WordSeed;
        foreach (char c in word)
        {
            h = Step(h, c);
        }

        return Finish(h ^ CueSalt);
    }

    private const ulong CueSalt = 0x9E3779B97F4A7C15UL;

    /// <summary>
    /// The scoring path's form of <see cref="Extract{TSink}"/>: the same keys in the same order, but only
    /// those that pass <paramref name="filter"/> (a <see cref="KeyFilter"/>), written to
    /// <paramref name="candidates"/>, which must hold <see cref="MaxKeys"/> keys.
    /// </summary>
    /// <returns>How many keys were written.</returns>
    /// <remarks>
    /// One method with no sink: passing a struct sink by reference through generic methods kept the JIT
    /// from inlining the store and the filter test into the loops, and this loop is most of the time spent
    /// per sentence. The store is unconditional and the count advances by the filter bit, because whether an
    /// n-gram passes is unpredictable and a mispredicted branch costs more than the store. Training and
    /// explanations use <see cref="Extract{TSink}"/>; a test checks the two give the same keys.
    /// <para>Whether the AVX-512 path runs is read from <see cref="Wide"/> rather than asked of the hardware here: a
    /// method that asks is refused its ReadyToRun code on an AVX-512 machine (that code was built for a baseline
    /// instruction set) and compiled at start-up instead.</para>
    /// </remarks>
    public static int ExtractFiltered(ReadOnlySpan<char> text, FeatureSettings settings, ulong[] filter, Span<ulong> candidates)
    {
        Debug.Assert(candidates.Length >= MaxKeys(text.Length, settings));
        ref ulong keys = ref MemoryMarshal.GetReference(candidates);
        ref ulong bits = ref MemoryMarshal.GetArrayDataReference(filter);
        Debug.Assert(filter.Length == KeyFilter.Words);
        int n = 0;
        int maxTokens = settings.WordNgramLength;
        bool cues = settings.CueLexicons;
        for (int s = 1; s < text.Length; s++)
        {
            if (text[s - 1] != ' ' || text[s] == ' ')
            {
                continue;
            }

            ulong h = WordSeed;
            int tokens = 0;
            for (int e = s; e < text.Length; e++)
            {
                char c = text[e];
                if (c == ' ')
                {
                    ulong key = Finish(h);
                    Unsafe.Add(ref keys, n) = key;
                    n += KeyFilter.Passes(ref bits, key);
                    if (cues && tokens == 0)
                    {
                        key = Finish(h ^ CueSalt);
                        Unsafe.Add(ref keys, n) = key;
                        n += KeyFilter.Passes(ref bits, key);
                    }

                    if (++tokens == maxTokens)
                    {
                        break;
                    }
                }

                h = Step(h, c);
            }
        }

        int min = settings.CharNgramMin;
        if (min > 0)
        {
            int max = settings.CharNgramMax;
            int last = text.Length - min;
            int s = 0;
            if (Wide.Chars && max <= MaxVectorGram)
            {
                n = ExtractCharsEightAtATime(text, min, max, ref bits, ref keys, n, out s);
            }

            for (; s <= last; s++)
            {
                ulong h = CharSeed;
                int end = Math.Min(text.Length, s + max);
                for (int e = s; e < end; e++)
                {
                    h = Step(h, text[e]);
                    if (e - s + 1 >= min)
                    {
                        ulong key = Finish(h);
                        Unsafe.Add(ref keys, n) = key;
                        n += KeyFilter.Passes(ref bits, key);
                    }
                }
            }
        }

        return n;
    }

    private const int MaxVectorGram = 8;

    // The hardware question asked once, in a class of its own, so that only this initialiser and the vector method
    // itself depend on the machine's instruction set.
    private static class Wide
    {
        public static readonly bool Chars = Avx512DQ.IsSupported;
    }

    /// <summary>
    /// The character n-grams of <see cref="ExtractFiltered"/> for eight starting positions at once, as long as all
    /// eight have room for their longest n-gram; returns the new key count and, in <paramref name="next"/>, the first
    /// start left for the scalar loop.
    /// </summary>
    /// <remarks>Character n-grams are most of a sentence's keys, and FNV is a chain of dependent multiplications per
    /// start: here each of eight 64-bit lanes runs one start's chain (AVX-512 multiplies 64-bit lanes), with the same
    /// arithmetic as <see cref="Step"/> and <see cref="Finish"/>, so the keys and their order (by start, then length) are
    /// the scalar loop's to the bit; a test holds the two to the same keys.</remarks>
    private static int ExtractCharsEightAtATime(ReadOnlySpan<char> text, int min, int max, ref ulong bits, ref ulong keys, int n, out int next)
    {
        Span<ulong> grams = stackalloc ulong[MaxVectorGram * 8]; // grams[(length - min) * 8 + lane]
        ref ulong gram = ref MemoryMarshal.GetReference(grams);
        ref ushort chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        int lengths = max - min + 1;
        int s = 0;
        for (; s + 7 + max <= text.Length; s += 8)
        {
            Vector512<ulong> h = Vector512.Create(CharSeed);
            for (int j = 0; j < max; j++)
            {
                Vector512<ulong> c = Avx512F.ConvertToVector512UInt64(Vector128.LoadUnsafe(ref chars, (nuint)(s + j)));
                h = Avx512DQ.MultiplyLow(h ^ c, Vector512.Create(FnvPrime));
                if (j + 1 >= min)
                {
                    Vector512<ulong> key = h ^ Vector512.ShiftRightLogical(h, MixShift); // Mix
                    key = Avx512DQ.MultiplyLow(key, Vector512.Create(MixMultiplier));
                    key ^= Vector512.ShiftRightLogical(key, MixShift);
                    key |= Vector512.Equals(key, Vector512<ulong>.Zero) & Vector512<ulong>.One; // Finish: never zero
                    key.StoreUnsafe(ref gram, (nuint)((j + 1 - min) * 8));
                }
            }

            for (int lane = 0; lane < 8; lane++)
            {
                for (int l = 0; l < lengths; l++)
                {
                    ulong key = Unsafe.Add(ref gram, (l * 8) + lane);
                    Unsafe.Add(ref keys, n) = key;
                    n += KeyFilter.Passes(ref bits, key);
                }
            }
        }

        next = s;
        return n;
    }

    /// <summary>An upper bound on the keys <see cref="ExtractFiltered"/> writes for normalised text of <paramref name="length"/> characters.</summary>
    public static int MaxKeys(int length, FeatureSettings settings)
        => ((length + 1) * (settings.WordNgramLength + (settings.CueLexicons ? 1 : 0) + Math.Max(0, settings.CharNgramMax - settings.CharNgramMin + 1))) + 1;

    private static void ExtractWords<TSink>(ReadOnlySpan<char> text, int maxTokens, bool cues, ref TSink sink)
        where TSink : struct, INgramSink
    {
        for (int s = 1; s < text.Length; s++)
        {
            if (text[s - 1] != ' ' || text[s] == ' ')
            {
                continue;
            }

            ulong h = WordSeed;
            int tokens = 0;
            for (int e = s; e < text.Length; e++)
            {
                char c = text[e];
                if (c == ' ')
                {
                    sink.Add(Finish(h), s, e - s, GramKind.Word);
                    if (cues && tokens == 0)
                    {
                        sink.Add(Finish(h ^ CueSalt), s, e - s, GramKind.Cue);
                    }

                    if (++tokens == maxTokens)
                    {
                        break;
                    }
                }

                h = Step(h, c);
            }
        }
    }

    private static void ExtractChars<TSink>(ReadOnlySpan<char> text, int min, int max, ref TSink sink)
        where TSink : struct, INgramSink
    {
        int last = text.Length - min;
        for (int s = 0; s <= last; s++)
        {
            ulong h = CharSeed;
            int end = Math.Min(text.Length, s + max);
            for (int e = s; e < end; e++)
            {
                h = Step(h, text[e]);
                int len = e - s + 1;
                if (len >= min)
                {
                    sink.Add(Finish(h), s, len, GramKind.Char);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ulong h, char c) => (h ^ c) * FnvPrime;

    // FNV alone mixes short inputs poorly (its high bits barely depend on a 3-character n-gram), so every
    // key is avalanched once; zero marks empty table slots, so no key may be zero.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finish(ulong h)
    {
        h = Mix(h);
        return h == 0 ? 1 : h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong key)
    {
        key ^= key >> MixShift;
        key *= MixMultiplier;
        key ^= key >> MixShift;
        return key;
    }
}
