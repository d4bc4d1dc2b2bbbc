using RhetoricClassifier.Scoring;

namespace RhetoricClassifier.Explanations;

/// <summary>
/// Exact Shapley values of one regression tree against the all-zero baseline (the empty sentence: every
/// n-gram count 0), in closed form per leaf.
/// </summary>
/// <remarks>
/// <para>The game: v(S) is the tree's output on the hybrid input that takes feature i from the sentence x
/// when i is in S and from the baseline z = 0 otherwise. On a leaf's root-to-leaf path, let A be the
/// features whose conditions x satisfies but z does not, and B the reverse (a feature that neither
/// satisfies makes the leaf unreachable). The hybrid reaches the leaf iff A ⊆ S and S ∩ B = ∅, so the
/// tree is a sum over leaves of the games g(S) = v·[A ⊆ S, S ∩ B = ∅], and Shapley values add over them.</para>
/// <para>In g, every feature outside A ∪ B is a dummy; with a = |A|, b = |B| and n = a + b, a feature
/// i in A changes g only when it joins exactly S = A \ {i} (|S| = a - 1), so
/// φ_i = v·(a-1)!·b!/(a+b)!; a feature in B changes g (by -v) only when it joins exactly S = A, so
/// φ_i = -v·a!·(b-1)!/(a+b)!. The A terms sum to v·[b = 0] and the B terms to -v·[a = 0], which is
/// g(all) - g(∅): efficiency holds leaf by leaf.</para>
/// <para>The walk follows only branches some hybrid can take: where x and z go the same way there is one
/// branch and no constraint, so the work grows with the splits on n-grams present in the sentence.
/// Features absent from x (count 0) equal the baseline and get exactly zero.</para>
/// </remarks>
internal static class TreeShapley
{
    private const int MaxDepth = 64;

    // s_weight[a, b] = (a-1)! b! / (a+b)! = 1 / (a * C(a+b, a)), for 1 <= a, 0 <= b, a + b <= MaxDepth.
    private static readonly double[,] s_weight = BuildWeights();

    /// <summary>
    /// Adds the tree's Shapley values to <paramref name="phi"/> (keyed by feature index) and returns the
    /// tree's output at the baseline. Leaf outputs are <c>(float)(leaf * tree weight)</c>, as the fast scorer stores them.
    /// </summary>
    /// <param name="tree">The tree; left when a feature value is at most the threshold.</param>
    /// <param name="counts">The sentence's feature values; missing features are 0.</param>
    /// <param name="phi">Receives the Shapley value of every feature with a non-zero one.</param>
    public static double Accumulate(TreeData tree, IReadOnlyDictionary<int, int> counts, Dictionary<int, double> phi)
        => new Walker(counts, phi).Accumulate(tree);

    /// <summary>The tree's output for the given feature values (a plain walk, for references and tests).</summary>
    public static double Evaluate(TreeData tree, Func<int, double> value)
    {
        int node = tree.Left.Length == 0 ? ~0 : 0;
        while (node >= 0)
        {
            node = value(tree.Feature[node]) > tree.Threshold[node] ? tree.Right[node] : tree.Left[node];
        }

        return LeafValue(tree, ~node);
    }

    private static double LeafValue(TreeData tree, int leaf) => (float)(tree.Leaves[leaf] * tree.Weight);

    private static double[,] BuildWeights()
    {
        // Pascal's triangle in double: C(63, 31) is about 9e17, far inside double's range.
        var binomial = new double[MaxDepth + 1, MaxDepth + 1];
        for (int n = 0; n <= MaxDepth; n++)
        {
            binomial[n, 0] = 1;
            for (int k = 1; k <= n; k++)
            {
                binomial[n, k] = binomial[n - 1, k - 1] + (k <= n - 1 ? binomial[n - 1, k] : 0);
            }
        }

        var weight = new double[MaxDepth + 1, MaxDepth + 1];
        for (int a = 1; a <= MaxDepth; a++)
        {
            for (int b = 0; a + b <= MaxDepth; b++)
            {
                weight[a, b] = 1 / (a * binomial[a + b, a]);
            }
        }

        return weight;
    }

    /// <summary>
    /// Accumulates the Shapley values of many trees for one sentence, reusing its path scratch from tree to
    /// tree (one walker per call, never shared between threads).
    /// </summary>
    internal sealed class Walker(IReadOnlyDictionary<int, int> counts, Dictionary<int, double> phi)
    {
        private TreeData _tree = null!;

        // The constrained features on the current path: only features present in x, each at most once.
        private readonly int[] _feature = new int[MaxDepth];
        private readonly bool[] _xOk = new bool[MaxDepth];
        private readonly bool[] _zOk = new bool[MaxDepth];

        private double Baseline { get; set; }

        /// <summary>Adds one tree's Shapley values to the walker's dictionary and returns the tree's output at the baseline.</summary>
        public double Accumulate(TreeData next)
        {
            _tree = next;
            Baseline = 0;
            Walk(next.Left.Length == 0 ? ~0 : 0, depth: 0);
            return Baseline;
        }

        private void Walk(int node, int depth)
        {
            if (node < 0)
            {
                Leaf(LeafValue(_tree, ~node), depth);
                return;
            }

            int f = _tree.Feature[node];
            float threshold = _tree.Threshold[node];
            bool zRight = 0 > threshold;
            bool xRight = counts.TryGetValue(f, out int count) ? count > threshold : zRight;
            if (xRight == zRight)
            {
                // x and z agree here: the other branch is unreachable and this split constrains nothing.
                Walk(xRight ? _tree.Right[node] : _tree.Left[node], depth);
                return;
            }

            Descend(_tree.Left[node], f, xOk: !xRight, zOk: !zRight, depth);
            Descend(_tree.Right[node], f, xOk: xRight, zOk: zRight, depth);
        }

        private void Descend(int child, int f, bool xOk, bool zOk, int depth)
        {
            int k = Array.IndexOf(_feature, f, 0, depth);
            if (k < 0)
            {
                _feature[depth] = f;
                _xOk[depth] = xOk;
                _zOk[depth] = zOk;
                Walk(child, depth + 1);
                return;
            }

            bool x = _xOk[k], z = _zOk[k];
            if (!(x && xOk) && !(z && zOk))
            {
                return; // neither x nor the baseline satisfies every condition on f: no hybrid gets here
            }

            _xOk[k] = x && xOk;
            _zOk[k] = z && zOk;
            Walk(child, depth);
            _xOk[k] = x;
            _zOk[k] = z;
        }

        private void Leaf(double value, int depth)
        {
            int a = 0, b = 0;
            for (int k = 0; k < depth; k++)
            {
                a += _xOk[k] ? 1 : 0;
                b += _zOk[k] ? 1 : 0;
            }

            if (a == 0)
            {
                Baseline += value; // the leaf the empty sentence reaches
            }

            if (value == 0 || a + b == 0)
            {
                return;
            }

            double toA = a > 0 ? value * s_weight[a, b] : 0;
            double toB = b > 0 ? value * s_weight[b, a] : 0;
            for (int k = 0; k < depth; k++)
            {
                double share = _xOk[k] ? toA : -toB;
                ref double slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(phi, _feature[k], out _);
                slot += share;
            }
        }
    }
}
