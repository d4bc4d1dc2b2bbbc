using RhetoricClassifier.Segmentation;

namespace RhetoricClassifier.Tests.Segmentation;

public sealed class RuleBasedSegmenterTests
{
    private static string[] Split(string text)
    {
        var spans = RuleBasedSegmenter.Default.Segment(text);
        foreach (var s in spans)
        {
            // Offsets must point into the original text: no trimming drift, no normalisation.
            Assert.InRange(s.Start, 0, text.Length - 1);
            Assert.InRange(s.End, s.Start + 1, text.Length);
            Assert.False(char.IsWhiteSpace(text[s.Start]));
            Assert.False(char.IsWhiteSpace(text[s.End - 1]));
        }

        return spans.Select(s => text.Substring(s.Start, s.Length)).ToArray();
    }

    [Fact]
    public void Splits_plain_sentences_and_reports_offsets_in_the_original_text()
    {
        const string text = "We are cutting jobs.  Capex rose!\tWhy now?";
        var spans = RuleBasedSegmenter.Default.Segment(text);
        Assert.Equal([new SentenceSpan(0, 20), new SentenceSpan(22, 11), new SentenceSpan(34, 8)], spans);
    }

    [Theory]
    [InlineData("Acme Inc. said it would cut 300 jobs.")]
    [InlineData("Shares of Globex Corp. fell after the report.")]
    [InlineData("Initech Ltd. and Hooli Co. agreed to merge.")]
    [InlineData("The U.S. unit and the U.K. arm will shrink.")]
    [InlineData("Mr. Jones and Dr. Patel spoke to staff.")]
    [InlineData("The plant at No. 4 Dock Road will close.")]
    [InlineData("Some costs, e.g. travel, fall; others, i.e. compute, rise.")]
    [InlineData("It was Acme vs. Globex in the bidding.")]
    [InlineData("Nate B. Jones wrote the memo.")]
    [InlineData("Capex was $3.5 billion, up 17.5% on the year.")]
    [InlineData("See https://example.com/news/2024/cuts.html for details.")]
    [InlineData("Write to press@acme.example.com with questions.")]
    [InlineData("The #AI and #layoffs tags trended.")]
    [InlineData("The cuts... were smaller than feared.")]
    public void Does_not_split_inside_abbreviations_numbers_and_addresses(string sentence)
        => Assert.Equal([sentence], Split(sentence));

    [Fact]
    public void Ends_a_sentence_after_a_company_suffix_when_a_new_sentence_follows()
        => Assert.Equal(["The buyer is Acme Inc.", "The deal closes in May."], Split("The buyer is Acme Inc. The deal closes in May."));

    [Fact]
    public void Ends_a_sentence_after_US_when_a_new_sentence_follows()
        => Assert.Equal(["Jobs move to the U.S.", "It will cost more."], Split("Jobs move to the U.S. It will cost more."));

    [Fact]
    public void Keeps_closing_quotes_with_their_sentence()
        => Assert.Equal(["\"We are doing this because of AI.\"", "He said the cuts were final."],
            Split("\"We are doing this because of AI.\" He said the cuts were final."));

    [Fact]
    public void Keeps_curly_closing_quotes_with_their_sentence()
        => Assert.Equal(["“It is about efficiency.”", "She disagreed."], Split("“It is about efficiency.” She disagreed."));

    [Fact]
    public void Splits_after_an_ellipsis_before_a_capitalised_word()
        => Assert.Equal(["We tried everything...", "Then came the cuts."], Split("We tried everything... Then came the cuts."));

    [Fact]
    public void Splits_after_a_unicode_ellipsis_before_a_capitalised_word()
        => Assert.Equal(["We tried…", "Then came the cuts."], Split("We tried… Then came the cuts."));

    [Fact]
    public void Treats_a_headline_without_a_full_stop_as_a_sentence()
        => Assert.Equal(["Acme to cut 1,000 jobs as AI spending soars", "SAN JOSE, Calif. -- Acme said on Monday it would cut staff."],
            Split("Acme to cut 1,000 jobs as AI spending soars\nSAN JOSE, Calif. -- Acme said on Monday it would cut staff."));

    [Fact]
    public void A_blank_line_ends_a_sentence_even_before_lower_case()
        => Assert.Equal(["Key facts", "revenue rose"], Split("Key facts\n\nrevenue rose"));

    [Fact]
    public void A_line_break_before_lower_case_continues_the_sentence()
        => Assert.Equal(["We will reduce the size of\nour team by 10%."], Split("We will reduce the size of\nour team by 10%."));

    [Fact]
    public void Splits_bullet_lists_into_items()
        => Assert.Equal(["Highlights:", "- Revenue up 4%", "• 1,200 roles eliminated", "* Capex of $2 billion"],
            Split("Highlights:\n- Revenue up 4%\n• 1,200 roles eliminated\n* Capex of $2 billion"));

    [Fact]
    public void Splits_numbered_lists_and_keeps_the_number_with_its_item()
        => Assert.Equal(["What changes:", "1. Fewer layers.", "2. A hiring freeze."],
            Split("What changes:\n1. Fewer layers.\n2. A hiring freeze."));

    [Fact]
    public void Handles_windows_line_endings_and_lone_carriage_returns()
        => Assert.Equal(["Headline one", "Headline two", "Body text."], Split("Headline one\r\nHeadline two\rBody text."));

    [Fact]
    public void Does_not_split_before_a_lower_case_word()
        => Assert.Equal(["Approx. half of staff left."], Split("Approx. half of staff left."));

    [Fact]
    public void Splits_on_question_and_exclamation_marks()
        => Assert.Equal(["Is AI to blame?", "No!", "It is the budget."], Split("Is AI to blame? No! It is the budget."));

    [Fact]
    public void Returns_nothing_for_empty_or_white_space_text()
    {
        Assert.Empty(Split(""));
        Assert.Empty(Split("  \n\t \r\n "));
    }

    [Fact]
    public void Caps_sentence_length_and_cuts_at_white_space()
    {
        var segmenter = new RuleBasedSegmenter(new SegmenterOptions { MaxSentenceLength = 100 });
        string text = string.Join(' ', Enumerable.Repeat("word", 200)); // 999 chars, no punctuation
        var spans = segmenter.Segment(text);
        Assert.True(spans.Count >= 10);
        Assert.All(spans, s => Assert.InRange(s.Length, 1, 100));
        Assert.All(spans, s => Assert.Equal("word", text.Substring(s.Start, 4)));
        Assert.Equal(text.Count(c => c != ' '), spans.Sum(s => text.Substring(s.Start, s.Length).Count(c => c != ' ')));
    }

    [Fact]
    public void Caps_sentence_length_without_white_space_and_never_splits_a_surrogate_pair()
    {
        var segmenter = new RuleBasedSegmenter(new SegmenterOptions { MaxSentenceLength = 33 });
        string text = string.Concat(Enumerable.Repeat("😀", 100));
        var spans = segmenter.Segment(text);
        Assert.All(spans, s =>
        {
            Assert.InRange(s.Length, 1, 33);
            Assert.False(char.IsLowSurrogate(text[s.Start]));
        });
        Assert.Equal(text.Length, spans.Sum(s => s.Length));
    }
}
