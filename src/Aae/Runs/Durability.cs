using System.Runtime.InteropServices;

namespace Aae.Runs;

/// <summary>
/// fsync of a folder, so that a rename committed into it survives a power cut, not only a crash
/// (the file's own data is flushed before the rename). A no-op off Linux.
/// </summary>
static class Durability
{
    const int ReadOnly = 0, Directory = 0x10000;  // O_RDONLY, O_DIRECTORY

    public static void SyncFolder(string folder)
    {
        if (!OperatingSystem.IsLinux()) return;
        int fd = open(folder, ReadOnly | Directory);
        if (fd < 0) return;  // nothing more can be done; the rename itself has happened
        fsync(fd);
        close(fd);
    }

    [DllImport("libc", SetLastError = true)]
    static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc")]
    static extern int fsync(int fd);

    [DllImport("libc")]
    static extern int close(int fd);
}
