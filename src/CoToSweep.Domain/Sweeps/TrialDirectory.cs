namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// A trial's artifact directory as a trial record keeps it: <c>ROOT/TRIAL/attempt-N</c> (the shape every lease gives)
/// as the shared root and N, so that a million trials hold one copy of the root, not a million paths; any other path
/// whole. <see cref="Path"/> gives back the exact text it was made from. Parsed on spans: replay does this twice a trial.
/// </summary>
internal readonly record struct TrialDirectory(string? Root, int Attempt, string? Whole)
{
    private const string Prefix = "attempt-";

    public static TrialDirectory Of(string? dir, string trialId)
    {
        if (dir is null) return default;
        var all = dir.AsSpan();
        var name = System.IO.Path.GetFileName(all);
        var parent = System.IO.Path.GetDirectoryName(all);
        var root = System.IO.Path.GetDirectoryName(parent);
        // Exactly root + separator + trial + separator + attempt-N (no doubled or trailing separators, N without zeros in front).
        if (name.StartsWith(Prefix) && int.TryParse(name[Prefix.Length..], System.Globalization.NumberStyles.None, null, out var attempt)
            && System.IO.Path.GetFileName(parent).SequenceEqual(trialId)
            && all.Length == root.Length + trialId.Length + name.Length + (root.IsEmpty ? 1 : 2)
            && (name[Prefix.Length] != '0' || name.Length == Prefix.Length + 1)
            && (root.IsEmpty || all[root.Length] == System.IO.Path.DirectorySeparatorChar)
            && all[^(name.Length + 1)] == System.IO.Path.DirectorySeparatorChar)
            return new TrialDirectory(SharedText.Of(root), attempt, null);
        return new TrialDirectory(null, 0, dir);
    }

    public TrialDirectory AtAttempt(int attempt) => Root is not null ? this with { Attempt = attempt } : this;

    public string? Path(string trialId) => Whole ?? (Root is null ? null : Compose(Root, trialId, Attempt));

    private static string Compose(string root, string trialId, int attempt) => System.IO.Path.Combine(root, trialId, Prefix + attempt);
}
