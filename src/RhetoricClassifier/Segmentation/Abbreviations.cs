using System.Collections.Frozen;

namespace RhetoricClassifier.Segmentation;

/// <summary>The abbreviation lists the segmenter consults before treating a full stop as the end of a sentence.</summary>
internal static class Abbreviations
{
    // Never end a sentence: titles and words that are always followed by more of the same sentence.
    private static readonly FrozenSet<string> NeverFinal = FrozenSet.Create(StringComparer.Ordinal,
        "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Col", "Lt", "Capt", "Cmdr", "Sgt", "Rev", "Hon", "Pres",
        "St", "Mt", "Ft", "vs", "v", "e.g", "i.e", "cf", "approx", "Approx", "est", "Fig", "fig", "Vol", "vol", "pp", "p",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Ave", "Blvd", "Dept", "Univ", "Assn", "Bros",
        "ca", "viz", "al", "Ph.D", "Ph", "M.B.A", "Esq");

    // May end a sentence ("...bought Acme Inc. The deal...") or not ("Acme Inc. shares"): decided by the next word.
    private static readonly FrozenSet<string> MaybeFinal = FrozenSet.Create(StringComparer.Ordinal,
        "Inc", "Corp", "Ltd", "Co", "Cos", "Plc", "plc", "Jr", "Sr", "LLC", "L.L.C", "N.V", "S.A", "A.G", "AG",
        "U.S", "U.K", "U.N", "E.U", "U.S.A", "D.C", "N.Y", "L.A",
        "Calif", "Wash", "Mass", "Conn", "Fla", "Ill", "Mich", "Minn", "Tex", "Ore", "Ariz", "Colo", "Ga", "Pa", "Va", "Md", "Wis", "Ind", "Tenn", "Ky", "Mo", "Ala", "Okla", "Nev", "N.J", "N.C", "S.C");

    // "No. 3", "Nos. 4 and 5": not final before a number, an ordinary word otherwise ("Was it AI? No. The budget was.").
    private static readonly FrozenSet<string> NumberPrefix = FrozenSet.Create(StringComparer.Ordinal, "No", "Nos", "no");

    // Final before any capitalised word except a time zone: "at 9 a.m. Staff will...", "9 a.m. Eastern", "etc. The".
    private static readonly FrozenSet<string> ClockOrList = FrozenSet.Create(StringComparer.Ordinal, "a.m", "p.m", "A.M", "P.M", "etc");

    private static readonly FrozenSet<string> TimeZones = FrozenSet.Create(StringComparer.Ordinal,
        "ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT", "PST", "PDT", "GMT", "UTC", "BST", "CET", "CEST", "IST", "JST",
        "Eastern", "Central", "Mountain", "Pacific", "Greenwich", "local", "Local");

    // Words that commonly open a sentence (function words, pronouns, question words and a few words news
    // sentences open with), used to decide after a MaybeFinal abbreviation or a single capital letter.
    private static readonly FrozenSet<string> SentenceStarters = FrozenSet.Create(StringComparer.Ordinal,
        "The", "This", "That", "These", "Those", "It", "Its", "We", "Our", "He", "She", "They", "Their", "His", "Her", "I", "You", "Your",
        "My", "Us", "Them", "A", "An", "In", "On", "At", "For", "But", "And", "Or", "Nor", "As", "If", "When", "While", "After", "Before",
        "Since", "However", "Meanwhile", "Shares", "There", "Here", "Analysts", "Investors", "Employees", "Workers", "Staff", "According",
        "Under", "With", "Without", "Within", "Last", "Earlier", "Later", "Separately", "Still", "Yet", "So", "Now", "Today", "Yesterday",
        "Some", "Many", "Most", "About", "All", "No", "Not", "How", "What", "Why", "Where", "Who", "Whom", "Whose", "Which", "Whether",
        "Although", "Though", "Because", "Despite", "Instead", "Also", "Even", "Such", "Each", "Every", "Both", "Neither", "Either",
        "Other", "Others", "More", "Several", "Few", "One", "Only", "Then", "Thus", "Therefore", "Over", "Through", "During", "From", "By",
        "To", "Of", "Until", "Unlike", "Like", "Following", "Including", "Overall", "Is", "Are", "Was", "Were", "Will", "Would", "Can",
        "Could", "Should", "Do", "Does", "Did", "Has", "Have", "Had", "Nothing", "Nobody", "Everyone", "Everything", "Someone", "Once",
        "Across", "Among", "Amid", "Against", "Already", "Indeed", "Otherwise", "Yes", "Mr", "Mrs", "Ms", "Dr", "Critics", "Officials",
        "Executives", "Unions", "Asked", "Revenue", "Sales", "Costs", "Jobs");

    // Words a wrapped line of prose often breaks after, so the next line carries on the sentence.
    private static readonly FrozenSet<string> ContinuationWords = FrozenSet.Create(StringComparer.Ordinal,
        "and", "or", "but", "nor", "the", "a", "an", "of", "to", "in", "for", "with", "because", "that", "which", "by", "on", "at", "as",
        "from", "into", "than", "our", "their", "its", "his", "her", "is", "are", "was", "were", "will", "would", "be", "has", "have",
        "who", "when", "while", "if", "so", "not", "this", "these", "those", "about", "said", "says", "after", "before", "over");

    // The (length, first character) of every word in the four lists a full stop's word is looked up in
    // (NeverFinal, MaybeFinal, NumberPrefix, ClockOrList), so that an ordinary word before a full stop ("year.",
    // "jobs.") is told apart from all of them by one table read instead of four hash lookups.
    private const int MaxListedLength = 8;
    private static readonly bool[] ListedShapes = BuildListedShapes();

    /// <summary>Every word of the lists that decide a full stop after a word; <see cref="MayBeListed"/> never rejects one.</summary>
    internal static IEnumerable<string> FullStopWords => NeverFinal.Concat(MaybeFinal).Concat(NumberPrefix).Concat(ClockOrList);

    private static bool[] BuildListedShapes()
    {
        var shapes = new bool[(MaxListedLength + 1) * 128];
        foreach (string word in FullStopWords)
        {
            if (word.Length > MaxListedLength || word.Length == 0 || word[0] >= 128)
            {
                throw new InvalidOperationException($"abbreviation '{word}' is outside the shape table");
            }

            shapes[(word.Length * 128) + word[0]] = true;
        }

        return shapes;
    }

    /// <summary>
    /// False when <paramref name="word"/> is in none of <see cref="IsNeverFinal"/>, <see cref="IsMaybeFinal"/>,
    /// <see cref="IsNumberPrefix"/> and <see cref="IsClockOrList"/>, judged from its length and first character
    /// alone; true means it may be in one of them.
    /// </summary>
    public static bool MayBeListed(ReadOnlySpan<char> word)
        => word.Length is > 0 and <= MaxListedLength && word[0] < 128 && ListedShapes[(word.Length * 128) + word[0]];

    public static bool IsNeverFinal(ReadOnlySpan<char> word) => NeverFinal.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    public static bool IsMaybeFinal(ReadOnlySpan<char> word) => MaybeFinal.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    public static bool IsSentenceStarter(ReadOnlySpan<char> word) => SentenceStarters.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    public static bool IsNumberPrefix(ReadOnlySpan<char> word) => NumberPrefix.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    public static bool IsClockOrList(ReadOnlySpan<char> word) => ClockOrList.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    public static bool IsTimeZone(ReadOnlySpan<char> word) => TimeZones.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    public static bool IsContinuationWord(ReadOnlySpan<char> word) => ContinuationWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
}
