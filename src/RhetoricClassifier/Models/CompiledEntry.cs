using System.Buffers.Binary;
using System.Text;
using RhetoricClassifier.Scoring;

namespace RhetoricClassifier.Models;

/// <summary>
/// The <c>compiled.bin</c> entry of a format-3 model: everything scoring and explaining need from the learners
/// (trees, calibration, linear weights, blend weight), written at training time and read without ML.NET.
/// </summary>
/// <remarks>
/// <para>Loading ML.NET's saved transformers costs about a fifth of a second per process (assembly loads, JIT,
/// reflection) before the trees can be extracted from them; reading this entry is a few flat arrays. The
/// values are exactly those <see cref="MlNetInterop.Extract"/> takes from the transformers, in the same types,
/// so a model scores the same either way: the parity test against ML.NET's PredictionEngine checks it.</para>
/// <para>Layout, all little-endian, no padding (i32/f32/f64: 4-byte integer, 4- and 8-byte IEEE floats):</para>
/// <code>
/// header   8 bytes  magic "RCMODEL\0"
///          i32      layout version (1)
///          i32      feature count F (the vocabulary size; split features and weights index it)
///          i32      tag count T
///          i32      flags: bit 0 set when each tag has a linear model
///          f64      linear weight (the linear log-odds' share of the blend; 0 without linear models)
/// T times, in the manifest's tag order:
///          i32, u8[] tag id: byte count, then UTF-8
///          f64 ×3   tree bias, Platt slope, Platt offset (p = 1 / (1 + exp(slope * score + offset)))
///          i32      tree count
///          per tree:
///            f64      tree weight
///            i32      internal node count N (0: the tree is one leaf)
///            i32[N]   left child, i32[N] right child (a child c &lt; 0 is leaf ~c; node 0 is the root)
///            i32[N]   split feature, f32[N] threshold (a value v goes left when v &lt;= threshold)
///            i32      leaf count (N + 1), then f64[N + 1] leaf values
///          only with linear models:
///            f32      bias; f64 ×2 Platt slope and offset
///            i32      weight count W (at most max(1, F)), then f32[W] weights
/// trailer  8 bytes  magic "RCMODEL\0" again: a truncated entry is refused even before its hash is checked
/// </code>
/// <para>Every count and index is checked on reading (features below F, children in range and each node reached
/// exactly once from the root, at most 64 leaves, finite numbers) before anything is allocated from it, so a
/// damaged entry is refused with what is wrong instead of failing or misbehaving later.</para>
/// </remarks>
internal static class CompiledEntry
{
    public const string Name = "compiled.bin";
    public const int LayoutVersion = 1;
    private const int MaxLeaves = 64;
    private static ReadOnlySpan<byte> Magic => "RCMODEL\0"u8;

    /// <summary>The entry's bytes for these learners.</summary>
    public static byte[] Write(IReadOnlyList<string> tagIds, int featureCount, IReadOnlyList<TagEnsemble> ensembles,
        IReadOnlyList<LinearTagModel>? linear, double linearWeight)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) // BinaryWriter is little-endian on every platform
        {
            w.Write(Magic);
            w.Write(LayoutVersion);
            w.Write(featureCount);
            w.Write(ensembles.Count);
            w.Write(linear is null ? 0 : 1);
            w.Write(linear is null ? 0 : linearWeight);
            for (int t = 0; t < ensembles.Count; t++)
            {
                byte[] id = Encoding.UTF8.GetBytes(tagIds[t]);
                w.Write(id.Length);
                w.Write(id);
                TagEnsemble e = ensembles[t];
                w.Write(e.Bias);
                w.Write(e.PlattSlope);
                w.Write(e.PlattOffset);
                w.Write(e.Trees.Count);
                foreach (TreeData tree in e.Trees)
                {
                    w.Write(tree.Weight);
                    w.Write(tree.Left.Length);
                    Array.ForEach(tree.Left, w.Write);
                    Array.ForEach(tree.Right, w.Write);
                    Array.ForEach(tree.Feature, w.Write);
                    Array.ForEach(tree.Threshold, w.Write);
                    w.Write(tree.Leaves.Length);
                    Array.ForEach(tree.Leaves, w.Write);
                }

                if (linear is not null)
                {
                    LinearTagModel m = linear[t];
                    w.Write(m.Bias);
                    w.Write(m.PlattSlope);
                    w.Write(m.PlattOffset);
                    w.Write(m.Weights.Count);
                    foreach (float weight in m.Weights)
                    {
                        w.Write(weight);
                    }
                }
            }

            w.Write(Magic);
        }

        return buffer.ToArray();
    }

    /// <summary>The learners in an entry, checked against what the manifest and vocabulary say.</summary>
    /// <exception cref="InvalidDataException">The entry is truncated, of another layout, or not the shape expected; the message says what.</exception>
    public static (IReadOnlyList<TagEnsemble> Ensembles, IReadOnlyList<LinearTagModel>? Linear) Read(ReadOnlySpan<byte> bytes,
        IReadOnlyList<string> tagIds, int featureCount, double linearWeight)
    {
        var r = new Reader(bytes);
        if (!r.Bytes(Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException("it does not start as a compiled model entry does");
        }

        int version = r.Int32();
        if (version != LayoutVersion)
        {
            throw new InvalidDataException($"layout version {version}; this version reads {LayoutVersion}");
        }

        int features = r.Int32();
        if (features != featureCount)
        {
            throw new InvalidDataException($"it is for {features} features but the vocabulary has {featureCount}: it belongs to another model");
        }

        int tags = r.Int32();
        if (tags != tagIds.Count)
        {
            throw new InvalidDataException($"it holds {tags} tags but the manifest names {tagIds.Count}");
        }

        int flags = r.Int32();
        bool hasLinear = (flags & 1) != 0;
        if ((flags & ~1) != 0 || hasLinear != linearWeight > 0)
        {
            throw new InvalidDataException(hasLinear
                ? "it holds linear models but the manifest's linear weight is 0"
                : (flags & ~1) != 0 ? $"unknown flags {flags}" : "it holds no linear models but the manifest's linear weight is above 0");
        }

        double weight = r.Double();
        if (hasLinear && weight != linearWeight)
        {
            throw new InvalidDataException($"its linear weight {weight} is not the manifest's {linearWeight}");
        }

        var ensembles = new TagEnsemble[tags];
        LinearTagModel[]? linear = hasLinear ? new LinearTagModel[tags] : null;
        for (int t = 0; t < tags; t++)
        {
            string id = Encoding.UTF8.GetString(r.Bytes(r.Count(1)));
            if (id != tagIds[t])
            {
                throw new InvalidDataException($"tag {t + 1} is '{id}' but the manifest says '{tagIds[t]}'");
            }

            double bias = Reader.Finite(r.Double(), id), slope = Reader.Finite(r.Double(), id), offset = Reader.Finite(r.Double(), id);
            var trees = new TreeData[r.Count(8 + 4 + 4 + 8)];
            for (int i = 0; i < trees.Length; i++)
            {
                trees[i] = ReadTree(ref r, featureCount, $"tag '{id}' tree {i + 1}");
            }

            ensembles[t] = new TagEnsemble(trees, bias, slope, offset);
            if (linear is not null)
            {
                float linearBias = Reader.Finite(r.Single(), id);
                double linearSlope = Reader.Finite(r.Double(), id), linearOffset = Reader.Finite(r.Double(), id);
                var weights = new float[r.Count(4)];
                if (weights.Length > Math.Max(1, featureCount))
                {
                    throw new InvalidDataException($"the linear model of tag '{id}' has {weights.Length} weights for {featureCount} features");
                }

                for (int i = 0; i < weights.Length; i++)
                {
                    weights[i] = Reader.Finite(r.Single(), id);
                }

                linear[t] = new LinearTagModel(weights, linearBias, linearSlope, linearOffset);
            }
        }

        if (!r.Bytes(Magic.Length).SequenceEqual(Magic) || !r.AtEnd)
        {
            throw new InvalidDataException("it does not end where its contents do");
        }

        return (ensembles, linear);
    }

    private static TreeData ReadTree(ref Reader r, int featureCount, string what)
    {
        double weight = Reader.Finite(r.Double(), what);
        int nodes = r.Count(4 + 4 + 4 + 4 + 8);
        if (nodes >= MaxLeaves)
        {
            throw new InvalidDataException($"{what} has {nodes + 1} leaves; at most {MaxLeaves} are supported");
        }

        int[] left = r.Int32s(nodes), right = r.Int32s(nodes), feature = r.Int32s(nodes);
        float[] threshold = new float[nodes];
        for (int i = 0; i < nodes; i++)
        {
            threshold[i] = Reader.Finite(r.Single(), what);
            if ((uint)feature[i] >= (uint)featureCount)
            {
                throw new InvalidDataException($"{what} splits on feature {feature[i]}, beyond the vocabulary's {featureCount}");
            }
        }

        int leafCount = r.Count(8);
        if (leafCount != nodes + 1)
        {
            throw new InvalidDataException($"{what} has {nodes} splits but {leafCount} leaves");
        }

        double[] leaves = new double[leafCount];
        for (int i = 0; i < leaves.Length; i++)
        {
            leaves[i] = Reader.Finite(r.Double(), what);
        }

        CheckShape(left, right, what);
        return new TreeData(left, right, feature, threshold, leaves, weight);
    }

    /// <summary>Every node and leaf is reached exactly once from the root: a tree, with no cycle and nothing shared or left over.</summary>
    private static void CheckShape(int[] left, int[] right, string what)
    {
        int nodes = left.Length;
        if (nodes == 0)
        {
            return;
        }

        Span<bool> seenNode = stackalloc bool[nodes];
        Span<bool> seenLeaf = stackalloc bool[nodes + 1];
        Span<int> stack = stackalloc int[nodes];
        int depth = 0, reached = 1;
        stack[depth++] = 0;
        seenNode[0] = true;
        while (depth > 0)
        {
            int node = stack[--depth];
            foreach (int child in (ReadOnlySpan<int>)[left[node], right[node]])
            {
                if (child < 0)
                {
                    int leaf = ~child;
                    if (leaf > nodes || seenLeaf[leaf])
                    {
                        throw new InvalidDataException($"{what} reaches leaf {leaf} twice or out of range");
                    }

                    seenLeaf[leaf] = true;
                }
                else
                {
                    if (child >= nodes || seenNode[child])
                    {
                        throw new InvalidDataException($"{what} reaches node {child} twice or out of range (a cycle or a shared node)");
                    }

                    seenNode[child] = true;
                    reached++;
                    stack[depth++] = child;
                }
            }
        }

        if (reached != nodes)
        {
            throw new InvalidDataException($"{what} has {nodes - reached} nodes the root never reaches");
        }
    }

    /// <summary>A bounds-checked little-endian cursor: a short read is a truncated entry, never an exception from deeper down.</summary>
    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> _rest = bytes;

        public readonly bool AtEnd => _rest.IsEmpty;

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count > _rest.Length)
            {
                throw new InvalidDataException("it is truncated");
            }

            ReadOnlySpan<byte> b = _rest[..count];
            _rest = _rest[count..];
            return b;
        }

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));

        public float Single() => BinaryPrimitives.ReadSingleLittleEndian(Bytes(4));

        public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Bytes(8));

        /// <summary>A count of items of at least <paramref name="minItemSize"/> bytes each, refused when the rest of the entry cannot hold them (so nothing huge is allocated from a damaged count).</summary>
        public int Count(int minItemSize)
        {
            int count = Int32();
            if (count < 0 || (long)count * minItemSize > _rest.Length)
            {
                throw new InvalidDataException(count < 0 ? $"a negative count ({count})" : "it is truncated");
            }

            return count;
        }

        public int[] Int32s(int count)
        {
            var values = new int[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = Int32();
            }

            return values;
        }

        public static T Finite<T>(T value, string what)
            where T : System.Numerics.IFloatingPointIeee754<T>
            => T.IsFinite(value) ? value : throw new InvalidDataException($"{what} holds a value that is not a finite number ({value})");
    }
}
