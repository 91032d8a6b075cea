namespace CoToSweep.Actors.Runners.Kinds;

/// <summary>The built-in trial kinds, one registration each.</summary>
public static class BuiltinKinds
{
    public static readonly BuiltinKind Coto = new CotoModule();
    public static readonly BuiltinKind Nemesis = new NemesisModule();

    public static IReadOnlyList<BuiltinKind> All { get; } = [Coto, Nemesis];

    public static BuiltinKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);
}
