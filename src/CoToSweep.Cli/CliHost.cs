using CoToSweep.Cli.Parsing;
using Spectre.Console.Cli;

namespace CoToSweep.Cli;

/// <summary>
/// The one place where errors become exit codes: the strict argument check first (<see cref="Arguments"/>), then the
/// verb; user errors print their message, others a single line unless --debug.
/// </summary>
public static class CliHost
{
    /// <param name="verbs">Whether <paramref name="args"/> are checked against cotosweep's own verb registry first (an app with other verbs: false).</param>
    public static int Run(ICommandApp app, string[] args, bool verbs = true)
    {
        var debug = args.Contains("--debug");
        Logging.Verbose = args.Contains("--verbose");
        try
        {
            if (verbs) Arguments.Check(args);
            return app.Run(args);
        }
        catch (UserError e)
        {
            Console.Error.WriteLine(e.ShowUsage && VerbOf(args) is { } verb ? $"{e.Message}\n{Arguments.Usage(verb)}" : e.Message);
            return e.ExitCode;
        }
        catch (CommandAppException e)
        {
            // What the strict check lets through (a settings Validate() refusing a value, say): one line and the usage.
            var verb = VerbOf(args);
            var message = e.Message.TrimEnd('.');
            Console.Error.WriteLine(verb is null ? $"cotosweep: {message} (see cotosweep --help)" : $"cotosweep {verb.Name}: {message}\n{Arguments.Usage(verb)}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            // One line: libtorch's messages carry a native stack trace, and a trial's failure reason is stderr's last line.
            var firstLine = e.Message.Split('\n', 2)[0].TrimEnd();
            Console.Error.WriteLine(debug ? e.ToString() : $"cotosweep: {e.GetType().Name}: {firstLine} (run with --debug for details)");
            return ExitCodes.Failed;
        }
    }

    private static Verb? VerbOf(string[] args) =>
        args.Length == 0 ? null
        : args[0] == Verbs.BenchBranch && args.Length > 1 ? Verbs.Find($"{Verbs.BenchBranch} {args[1]}")
        : Verbs.Find(args[0]);
}
