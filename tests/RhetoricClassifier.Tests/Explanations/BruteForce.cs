namespace RhetoricClassifier.Tests.Explanations;

/// <summary>Shapley values by the definition: every coalition, weighted by |S|! (n - |S| - 1)! / n!.</summary>
internal static class BruteForce
{
    public static double[] Shapley(int n, Func<int, double> value)
    {
        var v = new double[1 << n];
        for (int s = 0; s < v.Length; s++)
        {
            v[s] = value(s);
        }

        var factorial = new double[n + 1];
        factorial[0] = 1;
        for (int k = 1; k <= n; k++)
        {
            factorial[k] = factorial[k - 1] * k;
        }

        var phi = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int s = 0; s < v.Length; s++)
            {
                if ((s & (1 << i)) == 0)
                {
                    int size = System.Numerics.BitOperations.PopCount((uint)s);
                    phi[i] += factorial[size] * factorial[n - size - 1] / factorial[n] * (v[s | (1 << i)] - v[s]);
                }
            }
        }

        return phi;
    }
}
