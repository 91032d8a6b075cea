namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// A trial's start or end time as a trial record keeps it: the clock's ticks and the offset in minutes (every
/// <see cref="DateTimeOffset"/> offset is whole minutes, within ±14 hours), with no ticks for none. Two of these take
/// 20 bytes of a record against 48 for two <c>DateTimeOffset?</c>. <see cref="Value"/> gives back the exact value, offset included.
/// </summary>
internal static class TrialTime
{
    private const long None = long.MinValue;   // DateTimeOffset ticks are never negative

    public static long Ticks(DateTimeOffset? t) => t is { } v ? v.Ticks : None;

    public static short Offset(DateTimeOffset? t) => t is { } v ? checked((short)(v.Offset.Ticks / TimeSpan.TicksPerMinute)) : (short)0;

    public static DateTimeOffset? Value(long ticks, short offset) =>
        ticks == None ? null : new DateTimeOffset(ticks, TimeSpan.FromMinutes(offset));
}
