using System.IO.Compression;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace RhetoricClassifier;

/// <summary>
/// Checks made around PdfPig so that no PDF can crash the process or take unbounded memory: PdfPig follows an
/// object that is only a reference to another recursively (a loop of them overflowed the stack: exit 134), inflates
/// a compressed stream whole (a 1.7 MB file whose page expands to 1.2 GB reached 8 GB), and keeps a
/// glyph object of a few hundred bytes per character of a page's text (one page of 50 MB of text reached 22 GB).
/// </summary>
internal static class PdfGuards
{
    /// <summary>Largest stream PdfPig may decode (256 MiB): larger than any page or font, a bound on a compression bomb.</summary>
    internal const int MaxDecodedStreamBytes = 256 << 20;

    /// <summary>
    /// Largest page content (its drawing instructions, decoded) read for text (4 MiB, a hundred times a dense page
    /// of text): a larger page is skipped with a warning, which bounds the glyphs PdfPig builds for one page.
    /// </summary>
    internal const int MaxPageContentBytes = 4 << 20;

    /// <summary>Most pages read (10,000); the rest are left out with a warning.</summary>
    internal const int MaxPages = 10_000;

    /// <summary>The filters PdfPig decodes with, each refusing output over <see cref="MaxDecodedStreamBytes"/> before it is made where it can.</summary>
    public static IFilterProvider Filters { get; } = new CappedFilterProvider(DefaultFilterProvider.Instance, MaxDecodedStreamBytes);

    /// <summary>
    /// Throws <see cref="DocumentReadException"/> when objects that are each only a reference to another form a loop
    /// (<c>6 0 obj 6 0 R endobj</c>), which PdfPig would follow until the stack overflows.
    /// </summary>
    public static void RefuseReferenceLoops(PdfDocument document, string id, CancellationToken cancellationToken)
    {
        var settled = new HashSet<IndirectReference>();
        foreach (IndirectReference start in document.Structure.CrossReferenceTable.ObjectOffsets.Keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chain = new HashSet<IndirectReference>();
            IndirectReference at = start;
            while (!settled.Contains(at) && chain.Add(at))
            {
                IToken? data = TryGet(document, at);
                if (data is not IndirectReferenceToken next)
                {
                    break;
                }

                at = next.Data;
            }

            if (!settled.Contains(at) && chain.Contains(at) && TryGet(document, at) is IndirectReferenceToken)
            {
                throw new DocumentReadException(id, $"not a readable PDF: object {at.ObjectNumber} refers to itself through a loop of references (damaged or hostile)");
            }

            settled.UnionWith(chain);
        }
    }

    private static IToken? TryGet(PdfDocument document, IndirectReference reference)
    {
        try
        {
            return document.Structure.GetObject(reference)?.Data;
        }
        catch (Exception e) when (e is not OperationCanceledException and not DocumentReadException)
        {
            return null; // a damaged object: PdfPig reports it, or works round it, when it is used
        }
    }

    /// <summary>
    /// The decoded size of the content streams of each of the first <paramref name="maxPages"/> pages, in page order
    /// (null for a page whose size cannot be told without PdfPig: it then reads the page as usual), counting each
    /// page only up to just past <paramref name="limit"/>. One walk of the page tree, so it costs no more than the pages do.
    /// </summary>
    public static List<long?> PageContentBytes(PdfDocument document, int maxPages, long limit, CancellationToken cancellationToken)
    {
        var sizes = new List<long?>();
        try
        {
            foreach (DictionaryToken page in PageDictionaries(document, maxPages))
            {
                cancellationToken.ThrowIfCancellationRequested();
                sizes.Add(ContentBytes(document, page, limit));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException and not DocumentReadException)
        {
            // A damaged page tree: the pages not measured are read by PdfPig as usual.
        }

        return sizes;
    }

    private static long? ContentBytes(PdfDocument document, DictionaryToken page, long limit)
    {
        try
        {
            if (!page.TryGet(NameToken.Contents, out IToken contents))
            {
                return null;
            }

            IToken resolved = Resolve(document, contents);
            IEnumerable<IToken> streams = resolved is ArrayToken array ? array.Data.Select(t => Resolve(document, t)) : [resolved];
            long total = 0;
            foreach (StreamToken stream in streams.OfType<StreamToken>())
            {
                total += DecodedLength(stream, limit - total);
                if (total > limit)
                {
                    break;
                }
            }

            return total;
        }
        catch (Exception e) when (e is not OperationCanceledException and not DocumentReadException)
        {
            return null;
        }
    }

    // Page dictionaries in page order, walking /Kids depth first; a page-tree node met twice (a loop) is not entered
    // again. A page object listed twice counts twice, as PdfPig counts it.
    private static IEnumerable<DictionaryToken> PageDictionaries(PdfDocument document, int maxPages)
    {
        if (!document.Structure.Catalog.CatalogDictionary.TryGet(NameToken.Pages, out IToken root))
        {
            yield break;
        }

        var entered = new HashSet<IndirectReference>();
        var stack = new Stack<IToken>();
        stack.Push(root);
        int count = 0;
        while (stack.Count > 0 && count < maxPages)
        {
            IToken token = stack.Pop();
            if (Resolve(document, token) is not DictionaryToken node)
            {
                continue;
            }

            if (node.TryGet(NameToken.Kids, out IToken kids))
            {
                if (token is IndirectReferenceToken r && !entered.Add(r.Data))
                {
                    continue;
                }

                if (Resolve(document, kids) is ArrayToken array)
                {
                    for (int i = array.Data.Count - 1; i >= 0; i--)
                    {
                        stack.Push(array.Data[i]);
                    }
                }
            }
            else
            {
                count++;
                yield return node;
            }
        }
    }

    // One level of reference at a time, at most a few: loops were refused before pages are read.
    private static IToken Resolve(PdfDocument document, IToken token)
    {
        for (int i = 0; i < 8 && token is IndirectReferenceToken r; i++)
        {
            token = TryGet(document, r.Data) ?? NullToken.Instance;
        }

        return token;
    }

    // Raw length for an unfiltered stream; inflated length (counted, not kept, stopping past the limit) for Flate.
    private static long DecodedLength(StreamToken stream, long limit)
    {
        IReadOnlyList<IFilter> filters = DefaultFilterProvider.Instance.GetFilters(stream.StreamDictionary);
        if (filters.Count == 0)
        {
            return stream.Data.Length;
        }

        return filters.Count == 1 && IsFlate(filters[0]) ? InflatedLength(stream.Data, limit) ?? stream.Data.Length : stream.Data.Length;
    }

    private static bool IsFlate(IFilter filter) => filter.GetType().Name == "FlateFilter";

    /// <summary>How many bytes <paramref name="data"/> inflates to, counting at most <paramref name="limit"/> + 1; null when it is not plain zlib data.</summary>
    internal static long? InflatedLength(ReadOnlyMemory<byte> data, long limit)
    {
        if (data.Length < 2)
        {
            return null;
        }

        try
        {
            // As PdfPig reads Flate data: the two-byte zlib header is skipped and the rest inflated.
            using var inflate = new DeflateStream(new MemoryStream(data[2..].ToArray(), writable: false), CompressionMode.Decompress);
            byte[] scratch = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = inflate.Read(scratch)) > 0)
            {
                total += n;
                if (total > limit)
                {
                    break;
                }
            }

            return total;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    // Wraps each filter: Flate input is measured before it is inflated, and any filter's output over the cap is refused.
    private sealed class CappedFilterProvider(IFilterProvider inner, int cap) : IFilterProvider
    {
        public IReadOnlyList<IFilter> GetFilters(DictionaryToken dictionary) => Wrap(inner.GetFilters(dictionary));

        public IReadOnlyList<IFilter> GetNamedFilters(IReadOnlyList<NameToken> names) => Wrap(inner.GetNamedFilters(names));

        public IReadOnlyList<IFilter> GetAllFilters() => Wrap(inner.GetAllFilters());

        private IReadOnlyList<IFilter> Wrap(IReadOnlyList<IFilter> filters) => [.. filters.Select(f => (IFilter)new CappedFilter(f, cap))];
    }

    private sealed class CappedFilter(IFilter inner, int cap) : IFilter
    {
        public bool IsSupported => inner.IsSupported;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            if (IsFlate(inner) && InflatedLength(input, cap) > cap)
            {
                throw new PdfStreamTooLargeException(cap);
            }

            Memory<byte> output = inner.Decode(input, streamDictionary, filterProvider, filterIndex);
            return output.Length > cap ? throw new PdfStreamTooLargeException(cap) : output;
        }
    }
}

/// <summary>A stream of the PDF decodes to more than <see cref="PdfGuards.MaxDecodedStreamBytes"/>.</summary>
internal sealed class PdfStreamTooLargeException(int cap)
    : Exception($"a stream of the PDF decodes to more than {cap:N0} bytes (a compression bomb, or not a statement)");
