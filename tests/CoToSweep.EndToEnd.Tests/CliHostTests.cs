using CoToSweep.Cli;
using Spectre.Console.Cli;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>An unexpected error is one line on stderr (a trial's failure reason is its host's last stderr line).</summary>
[Collection("Console")]
public class CliHostTests
{
    private sealed class Throws : Command
    {
        public override int Execute(CommandContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Expected false to be true\nException raised from toFloat\nframe #0: c10::Error");
    }

    [Fact]
    public void A_multi_line_native_message_is_reported_on_one_line_with_exit_1()
    {
        var app = new CommandApp();
        app.Configure(c =>
        {
            c.PropagateExceptions();
            c.AddCommand<Throws>("boom");
        });
        var before = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        int code;
        try { code = CliHost.Run(app, ["boom"], verbs: false); }
        finally { Console.SetError(before); }
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal("cotosweep: InvalidOperationException: Expected false to be true (run with --debug for details)", captured.ToString().TrimEnd());
    }
}
