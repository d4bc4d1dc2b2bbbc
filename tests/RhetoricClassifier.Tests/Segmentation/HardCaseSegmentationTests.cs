using RhetoricClassifier.Segmentation;

namespace RhetoricClassifier.Tests.Segmentation;

/// <summary>
/// The hard cases of issue 11, from published-text examples of our own: each row is a text and the
/// sentences it must split into, separated by " | " (a text with no " | " is one sentence).
/// </summary>
public sealed class HardCaseSegmentationTests
{
    private static string[] Split(string text)
        => RuleBasedSegmenter.Default.Segment(text).Select(s => text.Substring(s.Start, s.Length)).ToArray();

    private static void AssertSplits(string text, string expected)
        => Assert.Equal(expected.Split(" | "), Split(text));

    [Theory]
    [InlineData("Most of the new roles will be in the U.S. How many will be cut elsewhere is unclear.",
        "Most of the new roles will be in the U.S. | How many will be cut elsewhere is unclear.")]
    [InlineData("The rules apply across the E.U. The company said it would comply.",
        "The rules apply across the E.U. | The company said it would comply.")]
    [InlineData("Hiring slowed in the U.S. What changed was the budget.",
        "Hiring slowed in the U.S. | What changed was the budget.")]
    [InlineData("Staff were told the plant would move to the U.K. Why now, nobody said.",
        "Staff were told the plant would move to the U.K. | Why now, nobody said.")]
    [InlineData("The work moves to the U.S. \"We had no choice,\" she said.",
        "The work moves to the U.S. | \"We had no choice,\" she said.")]
    [InlineData("The U.S. Government has not commented on the cuts.", "The U.S. Government has not commented on the cuts.")]
    [InlineData("Acme Inc. Chief Executive Dana Ruiz wrote to staff.", "Acme Inc. Chief Executive Dana Ruiz wrote to staff.")]
    [InlineData("The E.U. Commission opened an inquiry into the layoffs.", "The E.U. Commission opened an inquiry into the layoffs.")]
    public void An_abbreviation_ends_a_sentence_only_before_a_word_that_opens_one(string text, string expected)
        => AssertSplits(text, expected);

    [Theory]
    [InlineData("1.) cut two layers of management 2.) freeze hiring 3.) move support to AI agents",
        "1.) cut two layers of management | 2.) freeze hiring | 3.) move support to AI agents")]
    [InlineData("a. fewer managers b. a smaller sales team c. more automation",
        "a. fewer managers | b. a smaller sales team | c. more automation")]
    [InlineData("A. Fewer managers B. A smaller sales team", "A. Fewer managers | B. A smaller sales team")]
    [InlineData("• 9. close the Austin office • 10. end the graduate scheme",
        "• 9. close the Austin office | • 10. end the graduate scheme")]
    [InlineData("(1) Capex rises to $40 billion (2) headcount stays flat (3) margins widen",
        "(1) Capex rises to $40 billion | (2) headcount stays flat | (3) margins widen")]
    [InlineData("The plan has three parts: 1) exit two markets 2) cut 600 roles 3) buy more GPUs.",
        "The plan has three parts: | 1) exit two markets | 2) cut 600 roles | 3) buy more GPUs.")]
    [InlineData("We will (1) cut costs and (2) invest the savings in AI.", "We will (1) cut costs and (2) invest the savings in AI.")]
    [InlineData("Acme cut 2 layers and 3 teams in March.", "Acme cut 2 layers and 3 teams in March.")]
    [InlineData("Section 2. Costs rose.", "Section 2. | Costs rose.")]
    public void Inline_numbered_lettered_and_bulleted_lists_give_one_item_per_sentence(string text, string expected)
        => AssertSplits(text, expected);

    [Theory]
    [InlineData("The cuts . . . were deeper than anyone expected.", "The cuts . . . were deeper than anyone expected.")]
    [InlineData("We waited for the numbers . . . and waited.", "We waited for the numbers . . . and waited.")]
    [InlineData("It was over. . . . The next memo came a week later.", "It was over. . . . | The next memo came a week later.")]
    [InlineData("We hoped it would be enough . . . It was not.", "We hoped it would be enough . . . | It was not.")]
    [InlineData("The memo ended there . . .", "The memo ended there . . .")]
    [InlineData("She paused . . . . \"We are cutting 400 jobs.\"", "She paused . . . . | \"We are cutting 400 jobs.\"")]
    public void Spaced_ellipses_stay_inside_their_sentence_and_end_one_only_before_a_capital(string text, string expected)
        => AssertSplits(text, expected);

    [Theory]
    [InlineData("Revenue fell 4% this year.The company blamed weaker demand.",
        "Revenue fell 4% this year. | The company blamed weaker demand.")]
    [InlineData("Headcount fell to 9,200 in 2025.Analysts expect more cuts.",
        "Headcount fell to 9,200 in 2025. | Analysts expect more cuts.")]
    [InlineData("Is this about AI?No, it is about money.", "Is this about AI? | No, it is about money.")]
    [InlineData("\"We are done,\" she said.\"Now we rebuild.\"", "\"We are done,\" she said. | \"Now we rebuild.\"")]
    [InlineData("Some costs, e.g.travel, will fall.", "Some costs, e.g.travel, will fall.")]
    [InlineData("Margins were 3.5 points higher.", "Margins were 3.5 points higher.")]
    [InlineData("Details are at acme.Example.com today.", "Details are at acme.Example.com today.")]
    [InlineData("The Node.JS team and the ASP.NET team merge.", "The Node.JS team and the ASP.NET team merge.")]
    public void Sentences_run_together_without_a_space_are_split_but_not_abbreviations_decimals_or_names(string text, string expected)
        => AssertSplits(text, expected);

    [Theory]
    [InlineData("What we will change:\nfewer layers\nflatter teams\nmore automation",
        "What we will change: | fewer layers | flatter teams | more automation")]
    [InlineData("The cuts fall on:\nsupport staff;\nrecruiters;\nand middle managers.",
        "The cuts fall on: | support staff; | recruiters; | and middle managers.")]
    [InlineData("We will reduce the size of\nour team by 10%.", "We will reduce the size of\nour team by 10%.")]
    [InlineData("The company said the\nreorganisation would finish\nby the end of the year.", "The company said the\nreorganisation would finish\nby the end of the year.")]
    public void A_line_break_between_lower_case_list_lines_ends_a_sentence_but_not_wrapped_prose(string text, string expected)
        => AssertSplits(text, expected);

    [Theory]
    [InlineData("Acme ranks No. 3 among chipmakers.", "Acme ranks No. 3 among chipmakers.")]
    [InlineData("Was AI the reason? No. The budget was.", "Was AI the reason? | No. | The budget was.")]
    [InlineData("Acme Inc., the maker of the app, cut 300 jobs.", "Acme Inc., the maker of the app, cut 300 jobs.")]
    [InlineData("He called the cuts \"final.\" The board agreed.", "He called the cuts \"final.\" | The board agreed.")]
    [InlineData("She called it 'a reset.' Staff called it a layoff.", "She called it 'a reset.' | Staff called it a layoff.")]
    [InlineData("Revenue missed in Q3. Shares fell 8%.", "Revenue missed in Q3. | Shares fell 8%.")]
    [InlineData("We expected a better Q3. The quarter was weak.", "We expected a better Q3. | The quarter was weak.")]
    [InlineData("We tried everything... The cuts came anyway.", "We tried everything... | The cuts came anyway.")]
    [InlineData("The startup closed its Series A. The round was led by Acme.", "The startup closed its Series A. | The round was led by Acme.")]
    [InlineData("Nate B. Jones wrote the memo.", "Nate B. Jones wrote the memo.")]
    [InlineData("1. Introduction\nWe are changing how we work.", "1. Introduction | We are changing how we work.")]
    [InlineData("2. What changes for you\n3. What stays the same", "2. What changes for you | 3. What stays the same")]
    [InlineData("The meeting is at 9 a.m. Staff will hear the plan.", "The meeting is at 9 a.m. | Staff will hear the plan.")]
    [InlineData("I will host an open session at 4 p.m. Lisbon time.", "I will host an open session at 4 p.m. Lisbon time.")]
    [InlineData("The call starts at 8 a.m. New York time on Friday.", "The call starts at 8 a.m. New York time on Friday.")]
    [InlineData("The vote closes at 5 p.m. Eastern on Friday.", "The vote closes at 5 p.m. Eastern on Friday.")]
    public void Other_hard_cases_from_published_text(string text, string expected)
        => AssertSplits(text, expected);
}
