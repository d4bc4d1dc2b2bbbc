using System.Runtime.InteropServices;

namespace RhetoricClassifier.Cli.Output;

/// <summary>
/// What a path names once symbolic links are followed: its device and inode (so two names for one file,
/// through links or hard links, compare equal) and whether it is a regular file, a folder or something
/// else (a character device, FIFO or socket, which must be written in place, never replaced).
/// </summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, FileIdentity.FileKind Kind)
{
    public enum FileKind
    {
        Regular,
        Directory,
        Special,
    }

    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;

    // statx(2) has one layout on every Linux architecture, unlike struct stat, so no per-CPU offsets.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);

    /// <summary>The identity of <paramref name="path"/> after following links, or null when it does not exist.</summary>
    public static FileIdentity? Of(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            byte[] buffer = new byte[256];
            try
            {
                if (Statx(AtFdCwd, System.Text.Encoding.UTF8.GetBytes(path + "\0"), 0, StatxBasicStats, buffer) != 0)
                {
                    return null;
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return Fallback(path);
            }

            ushort mode = BitConverter.ToUInt16(buffer, 28);
            ulong inode = BitConverter.ToUInt64(buffer, 32);
            ulong device = ((ulong)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140);
            FileKind kind = (mode & 0xF000) switch
            {
                0x8000 => FileKind.Regular,
                0x4000 => FileKind.Directory,
                _ => FileKind.Special,
            };
            return new FileIdentity(device, inode, kind);
        }

        return Fallback(path);
    }

    // Elsewhere: the canonical path stands in for the inode; devices are recognised by where they live.
    private static FileIdentity? Fallback(string path)
    {
        string full = Canonical(path);
        if (Directory.Exists(full))
        {
            return new FileIdentity(0, (ulong)StringComparer.Ordinal.GetHashCode(full), FileKind.Directory);
        }

        if (!File.Exists(full))
        {
            return null;
        }

        bool special = full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith(@"\\.\", StringComparison.Ordinal);
        return new FileIdentity(0, (ulong)StringComparer.Ordinal.GetHashCode(full), special ? FileKind.Special : FileKind.Regular);
    }

    /// <summary>The full path with every symbolic link in the chain of the last component followed.</summary>
    public static string Canonical(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }
}
