using Spectre.Console.Cli;

namespace CoToSweep.Cli;

/// <summary>The one place where errors become exit codes: user errors print their message, others a single line unless --debug.</summary>
public static class CliHost
{
    public static int Run(ICommandApp app, string[] args)
    {
        var debug = args.Contains("--debug");
        try
        {
            return app.Run(args);
        }
        catch (UserError e)
        {
            Console.Error.WriteLine(e.Message);
            return e.ExitCode;
        }
        catch (CommandAppException e)
        {
            Console.Error.WriteLine($"cotosweep: {e.Message} (see cotosweep --help)");
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
}
