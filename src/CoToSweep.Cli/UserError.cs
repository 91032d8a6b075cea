namespace CoToSweep.Cli;

/// <summary>
/// An anticipated problem (bad input, a sweep already running, …): printed as its message only, never with a
/// stack trace, and mapped to <see cref="ExitCode"/>. <see cref="ShowUsage"/>: a problem with the command line
/// itself (a value an option does not take), so the verb's usage follows the message.
/// </summary>
public sealed class UserError(string message, int exitCode = ExitCodes.BadInput, bool showUsage = false) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public bool ShowUsage { get; } = showUsage;

    /// <summary>A bad value of an option: exit 2 with the verb's usage.</summary>
    public static UserError Usage(string message) => new(message, ExitCodes.BadInput, showUsage: true);
}

public static class ExitCodes
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;
}
