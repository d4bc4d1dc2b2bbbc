using System.Collections.Frozen;

namespace RhetoricClassifier.Segmentation;

/// <summary>The abbreviation lists the segmenter consults before treating a full stop as the end of a sentence.</summary>
internal static class Abbreviations
{
    // Never end a sentence: titles and words that are always followed by more of the same sentence.
    private static readonly FrozenSet<string> NeverFinal = FrozenSet.Create(StringComparer.Ordinal,
        "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Col", "Lt", "Capt", "Cmdr", "Sgt", "Rev", "Hon", "Pres",
        "St", "Mt", "Ft", "No", "Nos", "no", "vs", "v", "e.g", "i.e", "cf", "approx", "Approx", "est", "Fig", "fig", "Vol", "vol", "pp", "p",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Ave", "Blvd", "Dept", "Univ", "Assn", "Bros",
        "ca", "viz", "al", "Ph.D", "Ph", "M.B.A", "Esq");

    // May end a sentence ("...bought Acme Inc. The deal...") or not ("Acme Inc. shares"): decided by the next word.
    private static readonly FrozenSet<string> MaybeFinal = FrozenSet.Create(StringComparer.Ordinal,
        "Inc", "Corp", "Ltd", "Co", "Cos", "Plc", "plc", "Jr", "Sr", "etc", "LLC", "L.L.C", "N.V", "S.A", "A.G", "AG",
        "U.S", "U.K", "U.N", "E.U", "U.S.A", "a.m", "p.m", "A.M", "P.M", "D.C", "N.Y", "L.A",
        "Calif", "Wash", "Mass", "Conn", "Fla", "Ill", "Mich", "Minn", "Tex", "Ore", "Ariz", "Colo", "Ga", "Pa", "Va", "Md", "Wis", "Ind", "Tenn", "Ky", "Mo", "Ala", "Okla", "Nev", "N.J", "N.C", "S.C");

    // Words that commonly open a sentence, used to decide after a MaybeFinal abbreviation.
    private static readonly FrozenSet<string> SentenceStarters = FrozenSet.Create(StringComparer.Ordinal,
        "The", "This", "That", "These", "Those", "It", "Its", "We", "Our", "He", "She", "They", "Their", "His", "Her", "I", "You",
        "A", "An", "In", "On", "At", "For", "But", "And", "As", "If", "When", "While", "After", "Before", "Since", "However",
        "Meanwhile", "Shares", "There", "Analysts", "Investors", "Employees", "Workers", "According", "Under", "With", "Last",
        "Earlier", "Separately", "Still", "Yet", "So", "Now", "Today", "Yesterday", "Some", "Many", "Most", "About", "All", "No");

    public static bool IsNeverFinal(ReadOnlySpan<char> word) => NeverFinal.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    public static bool IsMaybeFinal(ReadOnlySpan<char> word) => MaybeFinal.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    public static bool IsSentenceStarter(ReadOnlySpan<char> word) => SentenceStarters.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
}
