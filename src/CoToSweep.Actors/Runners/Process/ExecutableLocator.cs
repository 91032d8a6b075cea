namespace CoToSweep.Actors.Runners.Processes;

/// <summary>Finds a program the way <c>execvp</c> would, so that "not found" is reported before anything starts.</summary>
public static class ExecutableLocator
{
    /// <summary>
    /// The full path of <paramref name="program"/>: a name with a '/' is taken relative to
    /// <paramref name="workDir"/>; a bare name is searched in <paramref name="searchPath"/> (PATH syntax).
    /// </summary>
    public static string? Resolve(string program, string workDir, string? searchPath)
    {
        if (program.Length == 0) return null;
        if (program.Contains('/'))
        {
            var full = Path.GetFullPath(program, workDir);
            return IsExecutableFile(full) ? full : null;
        }
        return Find(program, (searchPath ?? "/usr/local/bin:/usr/bin:/bin").Split(':'));
    }

    public static string? Find(string name, IEnumerable<string> directories)
    {
        foreach (var dir in directories)
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, name);
            if (IsExecutableFile(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Why <paramref name="program"/> cannot be started, for the failure reason.</summary>
    public static string Explain(string program, string workDir)
    {
        if (!program.Contains('/')) return "not found in PATH";
        var full = Path.GetFullPath(program, workDir);
        if (Directory.Exists(full)) return "is a directory";
        return File.Exists(full) ? "not executable" : "no such file";
    }

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path)) return false;
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return true;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
