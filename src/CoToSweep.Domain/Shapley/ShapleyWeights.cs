namespace CoToSweep.Domain.Shapley;

/// <summary>
/// The Shapley weights per coalition size, written per coalition: v(S) counts +1/(n·C(n−1,|S|−1)) for each player in
/// S and −1/(n·C(n−1,|S|)) for each player outside it.
/// </summary>
internal sealed class ShapleyWeights
{
    public ShapleyWeights(int players)
    {
        In = new double[players + 1];
        Out = new double[players + 1];
        for (var s = 0; s <= players; s++)
        {
            if (s > 0) In[s] = 1 / (players * Binomial(players - 1, s - 1));
            if (s < players) Out[s] = 1 / (players * Binomial(players - 1, s));
        }
    }

    /// <summary>By |S|, for players in S.</summary>
    public double[] In { get; }

    /// <summary>By |S|, for players not in S.</summary>
    public double[] Out { get; }

    private static double Binomial(int n, int k)
    {
        double result = 1;
        for (var j = 1; j <= k; j++) result = result * (n - k + j) / j;
        return result;
    }
}
