using System.Text;

namespace RhetoricClassifier.Cli.Output;

/// <summary>
/// Text for people, minus the spaces that padding and wrapping leave at the end of lines (and on blank lines):
/// System.CommandLine's help wraps its columns with them, Spectre.Console pads every table row to the width. Writes
/// to the writer <paramref name="target"/> returns at each call (for help, <see cref="Console.Out"/> as it is then,
/// so a redirected console is followed). Spaces before an escape sequence are not at a line end and are kept.
/// </summary>
internal sealed class LineEndTrimmingWriter(Func<TextWriter> target) : TextWriter
{
    private int _pendingSpaces;

    public override Encoding Encoding => target().Encoding;

    public override void Write(char value)
    {
        if (value == ' ')
        {
            _pendingSpaces++;
            return;
        }

        if (value is '\n' or '\r')
        {
            _pendingSpaces = 0;
        }
        else
        {
            WritePendingSpaces();
        }

        target().Write(value);
    }

    // Runs without spaces or line ends are passed on whole: a table of thousands of sentences goes through here.
    public override void Write(string? value)
    {
        ReadOnlySpan<char> rest = value;
        while (!rest.IsEmpty)
        {
            int stop = rest.IndexOfAny(' ', '\n', '\r');
            if (stop < 0)
            {
                WritePendingSpaces();
                target().Write(rest);
                return;
            }

            if (stop > 0)
            {
                WritePendingSpaces();
                target().Write(rest[..stop]);
            }

            Write(rest[stop]);
            rest = rest[(stop + 1)..];
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Flush() => target().Flush();

    private void WritePendingSpaces()
    {
        if (_pendingSpaces > 0)
        {
            target().Write(new string(' ', _pendingSpaces));
            _pendingSpaces = 0;
        }
    }
}
