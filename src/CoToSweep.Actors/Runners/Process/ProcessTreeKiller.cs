using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CoToSweep.Actors.Runners.Processes;

/// <summary>Kills a supervised trial: its descendants, then its whole process group (which outlives orphaning).</summary>
public static class ProcessTreeKiller
{
    private const int SigKill = 9;

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int SysKill(int pid, int signal);

    /// <summary>
    /// SIGKILLs every descendant of <paramref name="leader"/> (found while the tree is still intact, so a child that
    /// made its own session is caught too) and then the process group <paramref name="leader"/> leads (so members
    /// already orphaned and re-parented are caught too).
    /// </summary>
    public static void Kill(Process leader)
    {
        int pid;
        try { pid = leader.Id; } catch (InvalidOperationException) { return; }
        try { leader.Kill(entireProcessTree: true); }
        catch (Exception) { } // already exited or being reaped: the group kill below still applies
        KillGroup(pid);
    }

    /// <summary>SIGKILLs every process of the group <paramref name="pgid"/>; no-op when it is empty.</summary>
    public static void KillGroup(int pgid)
    {
        if (pgid > 1) SysKill(-pgid, SigKill);
    }
}
