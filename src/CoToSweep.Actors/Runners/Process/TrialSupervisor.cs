using System.Diagnostics;

namespace CoToSweep.Actors.Runners.Processes;

/// <summary>
/// Wraps a trial's argv so that the trial's processes cannot outlive the runner. The runner's direct child is
/// <c>setpriv --pdeathsig TERM -- setsid sh -c SCRIPT</c> (each exec's in place, so it is one process, S):
/// <list type="bullet">
/// <item><c>setsid</c> makes S the leader of a new session and process group; the trial and everything it starts
/// inherit that group (unless they leave it on purpose).</item>
/// <item><c>setpriv --pdeathsig TERM</c> makes the kernel send S SIGTERM when the runner dies, even by SIGKILL.</item>
/// <item>S (the <see cref="Script"/>) traps SIGTERM and, when its parent is no longer the runner, answers with
/// <c>kill -KILL 0</c>: the whole group dies (a SIGTERM while the runner lives, e.g. a trial script's own
/// <c>kill 0</c>, is ignored). It first checks that its parent is still the runner (a runner that died before the parent-death signal was
/// armed would never send it), then starts the trial in the background and waits, so the trap runs at once.</item>
/// <item>When the trial exits, S sends SIGTERM to what the trial left behind in its group and exits with the
/// trial's status (128+N when killed by signal N, like every POSIX shell).</item>
/// </list>
/// Not covered: a process that leaves the group (its own <c>setsid</c>, a daemon that double-forks into a new
/// session) escapes the group kill when the runner dies; the runner's own kill (timeout, cancellation) still
/// reaches it while its parent lives, through a walk of the process tree.
/// </summary>
public sealed class TrialSupervisor
{
    /// <summary>Exit status of S when the runner was already gone before the trial started.</summary>
    public const int RunnerGoneExitCode = 125;

    /// <summary>$1: the runner's pid; $2...: the trial's argv.</summary>
    public const string Script =
        "runner=$1; shift\n" +
        // Our parent, now (field 4 of /proc/PID/stat): after the runner dies the kernel re-parents us, then signals.
        "runner_gone() { read -r s < /proc/$$/stat; set -- ${s##*\\) }; [ \"$2\" != \"$runner\" ]; }\n" +
        // A TERM while the runner lives (say the trial's own `kill 0`) is not the runner's death: ignore it.
        "trap 'if runner_gone; then trap \"\" TERM INT HUP; kill -KILL 0; fi' TERM INT HUP\n" +
        "if [ \"$PPID\" != \"$runner\" ]; then echo \"cotosweep: runner $runner is gone; not starting the trial\" >&2; exit 125; fi\n" +
        // A background job's stdin is /dev/null unless redirected: the trial keeps S's (a long-lived trial host reads it).
        "exec 3<&0\n" +
        "\"$@\" <&3 3<&- &\n" +
        "child=$!\n" +
        // wait returns early when a trapped signal arrives; wait again while the trial still runs.
        "while :; do wait $child; status=$?; kill -0 $child 2>/dev/null || break; done\n" +
        "trap '' TERM\n" +
        "kill -TERM 0 2>/dev/null\n" +
        "exit $status\n";

    public string SetprivPath { get; }
    public string SetsidPath { get; }
    public string ShPath { get; }

    private TrialSupervisor(string setpriv, string setsid, string sh) =>
        (SetprivPath, SetsidPath, ShPath) = (setpriv, setsid, sh);

    private static readonly Lazy<(TrialSupervisor? Supervisor, string? Problem)> Located = new(Locate);

    /// <summary>The supervisor for this host; throws with a clear message where trials cannot be protected.</summary>
    public static TrialSupervisor ForHost() =>
        Located.Value.Supervisor ?? throw new InvalidOperationException(Located.Value.Problem);

    /// <summary>Why command trials cannot run on this host, or null when they can.</summary>
    public static string? HostProblem => Located.Value.Problem;

    private static (TrialSupervisor?, string?) Locate()
    {
        if (!OperatingSystem.IsLinux())
            return (null, "command trials need Linux (a trial's processes must die with the runner: setpriv --pdeathsig)");
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        var dirs = path.Split(':').Concat(["/usr/bin", "/bin", "/usr/sbin", "/sbin"]).ToArray();
        var setpriv = ExecutableLocator.Find("setpriv", dirs);
        var setsid = ExecutableLocator.Find("setsid", dirs);
        var sh = ExecutableLocator.Find("sh", dirs);
        var missing = new[] { ("setpriv", setpriv), ("setsid", setsid), ("sh", sh) }.Where(t => t.Item2 is null).Select(t => t.Item1).ToList();
        if (missing.Count > 0)
            return (null, $"command trials need {string.Join(", ", missing)} (util-linux) to make a trial's processes die with " +
                "the runner; install util-linux (Debian: apt-get install util-linux)");
        return (new TrialSupervisor(setpriv!, setsid!, sh!), null);
    }

    /// <summary>
    /// The start info for <paramref name="argv"/> under supervision; the caller sets the working directory,
    /// environment and redirections. Output is always redirected and stdin is a closed pipe.
    /// </summary>
    public ProcessStartInfo StartInfo(IReadOnlyList<string> argv)
    {
        var info = new ProcessStartInfo(SetprivPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in (string[])["--pdeathsig", "TERM", "--", SetsidPath, ShPath, "-c", Script, "cotosweep-supervisor",
                     Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            info.ArgumentList.Add(a);
        foreach (var a in argv) info.ArgumentList.Add(a);
        return info;
    }
}
