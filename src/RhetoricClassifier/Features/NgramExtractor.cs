using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
/// a 64-bit key, never zero. Generic over a struct sink so that the hot path inlines and allocates nothing,
/// while training uses the very same code to learn the vocabulary: the two can never disagree.
/// </summary>
/// <remarks>
/// <para>A word's key is FNV-1a over its characters, avalanched; an n-gram of several words joins its words' keys one
/// word at a time (<see cref="Join"/>), so each word is hashed once however many n-grams it is in. A character
/// n-gram's key is linear in its characters: packed 16 bits a character into two 64-bit words (the first four
/// characters, then up to four more), it is
/// <c>seed(length) + first * K0 + rest * K1</c> with the lowest bit set (<see cref="CharKey"/>). Packing is a 64-bit load
/// from the text, so the scoring loop computes a key with one multiplication where FNV took one per character and one
/// more to avalanche; character n-grams are most of a sentence's keys.</para>
/// <para>Keys are computed from a model's n-gram strings when it loads (<see cref="KeyOf"/>), never stored, so the
/// functions can change without a change of file format. Lookups take a key's top bits (the filter and the tables'
/// slots): a product's top bits depend on every character, its low bits only on the first.</para>
/// </remarks>
internal static class NgramExtractor
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private const ulong WordSeed = FnvOffset ^ 0x5745; // "WE"
    private const ulong MixMultiplier = 0xff51afd7ed558ccdUL;
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
        if (!gram.StartsWith("w:", StringComparison.Ordinal))
        {
            return CharKey(gram.AsSpan(2));
        }

        // An n-gram's words are what lies between its spaces: "a  b" (two spaces) is "a", "" and "b", as the extractors see it.
        ReadOnlySpan<char> words = gram.AsSpan(2);
        int space = words.IndexOf(' ');
        ulong key = WordKey(space < 0 ? words : words[..space]);
        while (space >= 0)
        {
            words = words[(space + 1)..];
            space = words.IndexOf(' ');
            key = Join(key, WordKey(space < 0 ? words : words[..space]));
        }

        return key;
    }

    // The key of one word: FNV-1a over its characters, avalanched.
    private static ulong WordKey(ReadOnlySpan<char> word) => Finish(Fnv(word));

    // FNV-1a over a word's characters, before the avalanche: a word's key and its cue key are two finishes of it.
    private static ulong Fnv(ReadOnlySpan<char> word)
    {
        ulong h = WordSeed;
        foreach (char c in word)
        {
            h = Step(h, c);
        }

        return h;
    }

    // The key of a word n-gram from the key of its first words and the key of the next word. Not commutative, and a
    // multiplication and an avalanche per word instead of hashing the n-gram's characters again: each word's characters
    // are hashed once however many n-grams it is in.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Join(ulong first, ulong next) => Finish((first * WordJoin) ^ next);

    private const ulong WordJoin = 0x9FB21C651E98DF25UL;

    /// <summary>The key of a character n-gram (its characters, no prefix).</summary>
    /// <remarks>N-grams longer than <see cref="MaxCharGram"/> are never extracted; a model file that lists one still gets
    /// a key for it (its further characters chained in as FNV does), which no text will match.</remarks>
    internal static ulong CharKey(ReadOnlySpan<char> gram)
    {
        ulong sum = 0;
        for (int i = 0; i < Math.Min(gram.Length, MaxCharGram); i++)
        {
            sum += gram[i] * CharWeights[i];
        }

        ulong key = CharSeeds[Math.Min(gram.Length, MaxCharGram)] + sum;
        for (int i = MaxCharGram; i < gram.Length; i++)
        {
            key = Step(key, gram[i]);
        }

        return key | 1;
    }

    /// <summary>The longest character n-gram the extractors make (and <see cref="TrainingOptions"/> allow).</summary>
    internal const int MaxCharGram = 8;

    /// <summary>The most words a word n-gram has (and <see cref="TrainingOptions"/> allow).</summary>
    internal const int MaxWordGram = 4;

    // The multipliers of the packed first four characters and of the next four, random and odd (multiplying by an odd
    // number loses no bit). Character i of a gram is multiplied by CharWeights[i]: K0 or K1 shifted to its place in the
    // packed word, so summing per character (the generic extractor) and multiplying packed words (the scoring loop) agree.
    private const ulong K0 = 0x2C5D6BAED2EAC903UL;
    private const ulong K1 = 0xF3C95789ACE1A955UL;

    private static ReadOnlySpan<ulong> CharWeights => [K0, K0 << 16, K0 << 32, K0 << 48, K1, K1 << 16, K1 << 32, K1 << 48];

    // One seed per length (0 to 8), random: a gram and the same gram with NUL characters after it pack to the same words.
    private const ulong Seed1 = 0xCBF27734AC103525UL;
    private const ulong Seed2 = 0xFC27ED12B10877A9UL;
    private const ulong Seed3 = 0xE0A3A91F2346CC13UL;
    private const ulong Seed4 = 0x7714DC919B27DBDFUL;
    private const ulong Seed5 = 0xF1260EBC7D56AB57UL;
    private const ulong Seed6 = 0xC280AD3729A6F2E7UL;
    private const ulong Seed7 = 0x6CAF76A5703598AFUL;
    private const ulong Seed8 = 0xD670C342C6CCE997UL;

    private static ReadOnlySpan<ulong> CharSeeds => [0x0B66402800E03D2DUL, Seed1, Seed2, Seed3, Seed4, Seed5, Seed6, Seed7, Seed8];

    /// <summary>The key under which a word (normalised, no prefix) is looked up in the cue lexicons.</summary>
    public static ulong CueKeyOf(string word) => CueKeyOf(word.AsSpan());

    private static ulong CueKeyOf(ReadOnlySpan<char> word) => Finish(Fnv(word) ^ CueSalt);

    private const ulong CueSalt = 0x9E3779B97F4A7C15UL;

    /// <summary>
    /// The scoring path's form of <see cref="Extract{TSink}"/>: the same keys in the same order, but only
    /// those that pass <paramref name="filter"/> (a <see cref="KeyFilter"/>), written to
    /// <paramref name="candidates"/>, which must hold <see cref="MaxKeys"/> keys.
    /// </summary>
    /// <returns>How many keys were written.</returns>
    /// <remarks>
    /// No sink: passing a struct sink by reference through generic methods kept the JIT from inlining the
    /// store and the filter test into the loops, and these loops are much of the time spent per sentence. The
    /// store is unconditional and the count advances by the filter bit, because whether an n-gram passes is
    /// unpredictable and a mispredicted branch costs more than the store. Training and explanations use
    /// <see cref="Extract{TSink}"/>; a test checks the two give the same keys.
    /// </remarks>
    public static int ExtractFiltered(ReadOnlySpan<char> text, FeatureSettings settings, ulong[] filter, Span<ulong> candidates)
    {
        Debug.Assert(candidates.Length >= MaxKeys(text.Length, settings));
        ref ulong keys = ref MemoryMarshal.GetReference(candidates);
        ref ulong bits = ref MemoryMarshal.GetArrayDataReference(filter);
        Debug.Assert(filter.Length == KeyFilter.Words);
        int n = ExtractWordsFiltered(text, settings.WordNgramLength, settings.CueLexicons, ref bits, ref keys);
        int min = settings.CharNgramMin;
        if (min > 0)
        {
            n = ExtractCharsFiltered(text, min, settings.CharNgramMax, ref bits, ref keys, n);
        }

        return n;
    }

    /// <summary>The word n-grams and cue keys of <see cref="ExtractFiltered"/>, in <see cref="ExtractWords"/>'s order.</summary>
    /// <remarks>One pass over the characters: when a space ends a word, the n-grams of the start <paramref name="maxTokens"/>
    /// - 1 words back are complete, and are written then from the last words' keys, kept in a ring of four. Starts left
    /// when the text ends have their shorter n-grams written after the pass.</remarks>
    private static int ExtractWordsFiltered(ReadOnlySpan<char> text, int maxTokens, bool cues, ref ulong bits, ref ulong keys)
    {
        Debug.Assert(maxTokens is >= 1 and <= Ring);
        Span<ulong> wordKeys = stackalloc ulong[Ring]; // by word index % Ring
        Span<ulong> cueKeys = stackalloc ulong[Ring];
        int nonEmpty = 0; // bit (word % Ring) set when that word has characters: only those start n-grams
        int n = 0;
        int word = -1;    // words are what follows each space up to the next; the text before the first space is none
        int wordStart = 0;
        ulong h = WordSeed;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != ' ')
            {
                h = Step(h, c);
                continue;
            }

            if (word >= 0)
            {
                int slot = word & (Ring - 1);
                wordKeys[slot] = Finish(h);
                if (cues)
                {
                    cueKeys[slot] = Finish(h ^ CueSalt);
                }

                nonEmpty = (nonEmpty & ~(1 << slot)) | ((i > wordStart ? 1 : 0) << slot);
                int first = word - maxTokens + 1;
                if (first >= 0)
                {
                    n = EmitWordGrams(first, maxTokens, cues, wordKeys, cueKeys, nonEmpty, ref bits, ref keys, n);
                }
            }

            word++;
            wordStart = i + 1;
            h = WordSeed;
        }

        // The text ended: the starts whose n-grams did not all fit have the shorter ones.
        for (int first = Math.Max(0, word - maxTokens + 1); first < word; first++)
        {
            n = EmitWordGrams(first, word - first, cues, wordKeys, cueKeys, nonEmpty, ref bits, ref keys, n);
        }

        return n;
    }

    private const int Ring = MaxWordGram; // the last words' keys, by word index % Ring (a power of two)

    // Writes the n-grams of 1 to `words` words that start at word `first` (and its cue key), if that word has characters.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EmitWordGrams(int first, int words, bool cues, Span<ulong> wordKeys, Span<ulong> cueKeys, int nonEmpty,
        ref ulong bits, ref ulong keys, int n)
    {
        int slot = first & (Ring - 1);
        if ((nonEmpty & (1 << slot)) == 0)
        {
            return n;
        }

        ulong key = wordKeys[slot];
        n = Keep(key, ref bits, ref keys, n);
        if (cues)
        {
            n = Keep(cueKeys[slot], ref bits, ref keys, n);
        }

        for (int j = 1; j < words; j++)
        {
            key = Join(key, wordKeys[(first + j) & (Ring - 1)]);
            n = Keep(key, ref bits, ref keys, n);
        }

        return n;
    }

    // Stores a key and keeps it by advancing the count when it passes the filter.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Keep(ulong key, ref ulong bits, ref ulong keys, int n)
    {
        Unsafe.Add(ref keys, n) = key;
        return n + KeyFilter.Passes(ref bits, key);
    }

    /// <summary>The character n-grams of <see cref="ExtractFiltered"/>: by start, then by length, as <see cref="ExtractChars"/>.</summary>
    /// <remarks>Where eight characters from a start are in the text, the gram's two packed words are two 64-bit loads and
    /// each key one multiplication and an addition or two (grams longer than four characters share the product of the
    /// first four). The test of each length is on a loop invariant, so its branch is always predicted. The last few
    /// starts take the generic loop.</remarks>
    private static int ExtractCharsFiltered(ReadOnlySpan<char> text, int min, int max, ref ulong bits, ref ulong keys, int n)
    {
        Debug.Assert(min >= 1 && max <= MaxCharGram && min <= max);
        int wanted = ((2 << max) - 1) & ~((1 << min) - 1); // bit L set for each length L to extract
        ref char chars = ref MemoryMarshal.GetReference(text);
        int s = 0;
        if (BitConverter.IsLittleEndian) // the packing of CharWeights is a little-endian load
        {
            for (; s + MaxCharGram <= text.Length; s++)
            {
                ulong first = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<char, byte>(ref Unsafe.Add(ref chars, s)));
                ulong rest = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<char, byte>(ref Unsafe.Add(ref chars, s + 4)));
                ulong four = first * K0;
                if ((wanted & (1 << 1)) != 0)
                {
                    n = Emit(Seed1 + ((first & 0xFFFF) * K0), ref bits, ref keys, n);
                }

                if ((wanted & (1 << 2)) != 0)
                {
                    n = Emit(Seed2 + ((first & 0xFFFF_FFFF) * K0), ref bits, ref keys, n);
                }

                if ((wanted & (1 << 3)) != 0)
                {
                    n = Emit(Seed3 + ((first & 0xFFFF_FFFF_FFFF) * K0), ref bits, ref keys, n);
                }

                if ((wanted & (1 << 4)) != 0)
                {
                    n = Emit(Seed4 + four, ref bits, ref keys, n);
                }

                if ((wanted & (1 << 5)) != 0)
                {
                    n = Emit(Seed5 + four + ((rest & 0xFFFF) * K1), ref bits, ref keys, n);
                }

                if ((wanted & (1 << 6)) != 0)
                {
                    n = Emit(Seed6 + four + ((rest & 0xFFFF_FFFF) * K1), ref bits, ref keys, n);
                }

                if ((wanted & (1 << 7)) != 0)
                {
                    n = Emit(Seed7 + four + ((rest & 0xFFFF_FFFF_FFFF) * K1), ref bits, ref keys, n);
                }

                if ((wanted & (1 << 8)) != 0)
                {
                    n = Emit(Seed8 + four + (rest * K1), ref bits, ref keys, n);
                }
            }
        }

        ReadOnlySpan<ulong> weights = CharWeights;
        ReadOnlySpan<ulong> seeds = CharSeeds;
        for (; s <= text.Length - min; s++)
        {
            ulong sum = 0;
            int end = Math.Min(text.Length, s + max);
            for (int e = s; e < end; e++)
            {
                sum += text[e] * weights[e - s];
                if (e - s + 1 >= min)
                {
                    n = Emit(seeds[e - s + 1] + sum, ref bits, ref keys, n);
                }
            }
        }

        return n;
    }

    // A character n-gram's key from its sum: the lowest bit set, so that no key is zero.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Emit(ulong sum, ref ulong bits, ref ulong keys, int n) => Keep(sum | 1, ref bits, ref keys, n);

    /// <summary>An upper bound on the keys <see cref="ExtractFiltered"/> writes for normalised text of <paramref name="length"/> characters.</summary>
    public static int MaxKeys(int length, FeatureSettings settings)
        => ((length + 1) * (settings.WordNgramLength + (settings.CueLexicons ? 1 : 0) + Math.Max(0, settings.CharNgramMax - settings.CharNgramMin + 1))) + 1;

    // Word n-grams: from each word that follows a space and has characters, the n-grams of 1 to maxTokens words (each word
    // ended by a space), with the word's cue key after its unigram; words are what lies between two spaces.
    private static void ExtractWords<TSink>(ReadOnlySpan<char> text, int maxTokens, bool cues, ref TSink sink)
        where TSink : struct, INgramSink
    {
        for (int s = text.IndexOf(' ') + 1; s > 0 && s < text.Length; s += text[s..].IndexOf(' ') + 1)
        {
            int end = text[s..].IndexOf(' ');
            if (end < 0)
            {
                break; // the rest is not ended by a space
            }

            if (end == 0)
            {
                continue; // no characters: the loop moves past this space
            }

            ulong key = WordKey(text.Slice(s, end));
            sink.Add(key, s, end, GramKind.Word);
            if (cues)
            {
                sink.Add(CueKeyOf(text.Slice(s, end)), s, end, GramKind.Cue);
            }

            int e = s + end; // the space that ends the n-gram so far
            for (int words = 2; words <= maxTokens; words++)
            {
                int next = text[(e + 1)..].IndexOf(' ');
                if (next < 0)
                {
                    break;
                }

                key = Join(key, WordKey(text.Slice(e + 1, next)));
                e += next + 1;
                sink.Add(key, s, e - s, GramKind.Word);
            }
        }
    }

    private static void ExtractChars<TSink>(ReadOnlySpan<char> text, int min, int max, ref TSink sink)
        where TSink : struct, INgramSink
    {
        Debug.Assert(max <= MaxCharGram);
        int last = text.Length - min;
        for (int s = 0; s <= last; s++)
        {
            for (int len = min; len <= Math.Min(max, text.Length - s); len++)
            {
                sink.Add(CharKey(text.Slice(s, len)), s, len, GramKind.Char);
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
