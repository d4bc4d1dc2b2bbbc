namespace RhetoricClassifier;

/// <summary>Records that a model name was registered, so the provider can tell a typo from a registration.</summary>
internal sealed record RhetoricModelRegistration(string Name);
