using MathNet.Numerics.LinearAlgebra;

namespace CoToSweep.Domain.Shapley;

/// <summary>
/// v̂(S) = c + Σ_{i∈S} a_i + Σ_{i&lt;j∈S} b_ij, fitted by (lightly ridged) least squares. Its Shapley values are
/// closed-form, φ_i = a_i + ½ Σ_j b_ij, so only the residual v − v̂ needs sampling. The ridge keeps the fit defined
/// when the pilot has fewer coalitions than the 1 + n + n(n−1)/2 coefficients.
/// </summary>
internal sealed class PairwiseSurrogate
{
    private const double Ridge = 1e-8;
    private readonly int _n;
    private readonly double _constant;
    private readonly double[] _linear;
    private readonly double[,] _pair;

    private PairwiseSurrogate(int n, double constant, double[] linear, double[,] pair) =>
        (_n, _constant, _linear, _pair) = (n, constant, linear, pair);

    public static PairwiseSurrogate Fit(int n, IReadOnlyList<Observation> observations)
    {
        var p = 1 + n + n * (n - 1) / 2;
        var gram = new double[p, p];
        var rhs = new double[p];
        var active = new List<int>(p);
        foreach (var (coalition, value) in observations)
        {
            Features(n, coalition, active);
            foreach (var f in active)
            {
                rhs[f] += value;
                foreach (var g in active) gram[f, g] += 1;
            }
        }
        var scale = Enumerable.Range(0, p).Average(f => gram[f, f]);
        for (var f = 1; f < p; f++) gram[f, f] += Ridge * Math.Max(scale, 1);
        gram[0, 0] += 1e-12 * Math.Max(scale, 1);
        var beta = Matrix<double>.Build.DenseOfArray(gram).Cholesky().Solve(Vector<double>.Build.DenseOfArray(rhs));
        var linear = new double[n];
        var pair = new double[n, n];
        for (var i = 0; i < n; i++) linear[i] = beta[1 + i];
        var index = 1 + n;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
                pair[i, j] = pair[j, i] = beta[index++];
        return new PairwiseSurrogate(n, beta[0], linear, pair);
    }

    public double Value(ulong coalition)
    {
        var value = _constant;
        for (var i = 0; i < _n; i++)
        {
            if (!Coalitions.Contains(coalition, i)) continue;
            value += _linear[i];
            for (var j = i + 1; j < _n; j++)
                if (Coalitions.Contains(coalition, j)) value += _pair[i, j];
        }
        return value;
    }

    public double Shapley(int player)
    {
        var value = _linear[player];
        for (var j = 0; j < _n; j++) value += _pair[player, j] / 2;
        return value;
    }

    /// <summary>Indices of the features that are 1 on a coalition: intercept, x_i, then x_i·x_j in (i, j) order.</summary>
    private static void Features(int n, ulong coalition, List<int> active)
    {
        active.Clear();
        active.Add(0);
        for (var i = 0; i < n; i++)
            if (Coalitions.Contains(coalition, i)) active.Add(1 + i);
        var members = active.Count;
        for (var a = 1; a < members; a++)
        {
            var i = active[a] - 1;
            for (var b = a + 1; b < members; b++)
            {
                var j = active[b] - 1;
                active.Add(1 + n + PairIndex(n, i, j));
            }
        }
    }

    private static int PairIndex(int n, int i, int j) => i * n - i * (i + 1) / 2 + (j - i - 1);
}
