namespace CoToSweep.Cli;

/// <summary>
/// An anticipated problem (bad input, a sweep already running, …): printed as its message only, never with a
/// stack trace, and mapped to <see cref="ExitCode"/>.
/// </summary>
public sealed class UserError(string message, int exitCode = ExitCodes.BadInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

public static class ExitCodes
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;
}
