namespace CoToSweep.Domain.Shapley;

/// <summary>
/// Strata by coalition size. Unpaired: stratum t holds player i's marginal at a uniform t-subset A of N \ {i},
/// t = 0..n−1, weight 1/n. Paired: stratum k also takes the marginal at Ā = N \ {i} \ A (size n−1−k), sample
/// Δ(A) + Δ(Ā), k = 0..⌊(n−1)/2⌋, weight 1/n (1/(2n) for the middle size, which pairs with itself). Pairing
/// makes every linear and pairwise term of the game cancel within a sample. Size 0 (and n−1) has one coalition,
/// so those strata are exact after one draw.
/// </summary>
internal sealed record SizeStrata(int Players, bool Paired)
{
    public int Count => Paired ? (Players - 1) / 2 + 1 : Players;

    public double Weight(int stratum) =>
        Paired && 2 * stratum == Players - 1 ? 1.0 / (2 * Players) : 1.0 / Players;

    public bool IsExact(int stratum) => stratum == 0 || (!Paired && stratum == Players - 1);

    public int SamplesPerDraw => Paired ? 2 : 1;
}
