namespace RhetoricClassifier.Features;

/// <summary>Which n-grams of the normalised text become features.</summary>
/// <param name="WordNgramLength">Longest word n-gram (1 = words only, 2 = words and word pairs, ...).</param>
/// <param name="CharNgramMin">Shortest character n-gram; 0 turns character n-grams off.</param>
/// <param name="CharNgramMax">Longest character n-gram.</param>
internal readonly record struct FeatureSettings(int WordNgramLength, int CharNgramMin, int CharNgramMax);
