namespace RhetoricClassifier.Features;

/// <summary>
/// Small hand-written word lists whose counts become features. One n-gram feature sees one phrasing;
/// a lexicon pools the many ways real text says "money", "people" or "AI", so the learners can weigh the
/// cue itself however it is worded, and long sentences keep the signal of short ones. The learners decide
/// what each count means. Words are in normalised form (lower case, apostrophes dropped, digits as 0).
/// </summary>
/// <remarks>
/// The lists are stored in the model's vocabulary (<c>l:NAME=word word ...</c>), so a model keeps scoring
/// with the lists it was trained on even if these change.
/// </remarks>
internal static class CueLexicons
{
    public static readonly IReadOnlyList<(string Name, string[] Words)> All =
    [
        ("money", [
            "cost", "costs", "capex", "spending", "spend", "spent", "savings", "saving", "margin", "margins", "profit", "profits",
            "profitability", "profitable", "revenue", "revenues", "budget", "budgets", "billion", "million", "bn", "mn", "$", "€", "£",
            "dollars", "expense", "expenses", "cash", "investment", "investments", "invest", "investing", "charge", "charges",
            "earnings", "financial", "fiscal", "payroll", "wages", "salary", "salaries", "compensation", "bonus", "bonuses", "capital",
            "expenditure", "expenditures", "depreciation", "opex", "funding", "finances", "dividend", "buyback", "buybacks", "ebitda",
            "eps", "guidance", "quarter", "quarterly", "shareholders", "investors", "efficiency", "expensive", "cheaper", "price",
            "pricing", "losses", "loss", "writedown", "impairment", "restructuring", "datacenter", "datacenters", "gpus", "chips"]),
        ("people", [
            "employees", "employee", "staff", "staffers", "workers", "worker", "jobs", "job", "roles", "role", "positions", "people",
            "colleagues", "headcount", "workforce", "layoffs", "layoff", "laid", "redundancies", "redundancy", "hiring", "hire",
            "hires", "hired", "fired", "firing", "union", "unions", "morale", "talent", "families", "exits", "departures", "attrition",
            "severance", "retrain", "retraining", "upskilling", "reskilling", "careers", "career", "team", "teams", "managers",
            "engineers", "recruiters", "contractors", "furlough", "furloughs", "furloughed", "buyouts", "let", "go", "eliminate",
            "eliminated", "eliminating", "cut", "cuts", "cutting", "reduction", "reductions", "affected", "impacted", "anxiety", "trust"]),
        ("ai", [
            "ai", "automation", "automated", "automate", "automating", "agents", "agent", "agentic", "algorithms", "algorithm",
            "machine", "generative", "genai", "chatbot", "chatbots", "copilot", "copilots", "robots", "robot", "robotics", "llm",
            "llms", "artificial", "intelligence", "models", "gpt", "chatgpt", "software", "tools", "technology", "digital"]),
        ("causal", [
            "because", "due", "thanks", "result", "reason", "reasons", "driven", "enables", "enabled", "enabling", "allows", "allowed",
            "replace", "replaced", "replacing", "replaces", "therefore", "owing", "amid", "led", "means", "given",
            "instead", "lets", "handle", "handles", "handling", "longer", "need", "needed", "needs", "fewer", "without", "thus"]),
        ("denial", [
            "not", "never", "nothing", "deny", "denies", "denied", "excuse", "excuses", "scapegoat", "washing", "aiwashing", "cover",
            "pretext", "blame", "blaming", "blamed", "claim", "claims", "claimed", "convenient", "narrative", "spin", "myth", "dressed",
            "disguise", "rather", "isnt", "wasnt", "dont", "doesnt", "didnt", "unrelated", "insisted", "insists", "critics",
            "skeptics", "sceptics", "really", "actually", "smokescreen", "hype", "cynical", "mask", "masks"]),
    ];

    /// <summary>The vocabulary line of one lexicon: <c>l:NAME=word word ...</c>.</summary>
    public static string Gram(string name, IEnumerable<string> words) => $"l:{name}={string.Join(' ', words)}";

    /// <summary>The words of a lexicon vocabulary line.</summary>
    public static string[] WordsOf(string gram)
    {
        int eq = gram.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? [] : gram[(eq + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
