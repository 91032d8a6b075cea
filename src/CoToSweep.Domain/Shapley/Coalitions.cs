namespace CoToSweep.Domain.Shapley;

/// <summary>Bitmask helpers. Coalitions are ulong masks, so a game has at most 63 players.</summary>
public static class Coalitions
{
    public const int MaxPlayers = 63;

    public static int CheckPlayers(int players) =>
        players is >= 1 and <= MaxPlayers
            ? players
            : throw new ArgumentOutOfRangeException(nameof(players), $"a game needs 1..{MaxPlayers} players, not {players}");

    public static ulong Grand(int players) => (1UL << players) - 1;

    public static int Size(ulong coalition) => System.Numerics.BitOperations.PopCount(coalition);

    public static bool Contains(ulong coalition, int player) => (coalition & (1UL << player)) != 0;
}
